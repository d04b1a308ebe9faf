import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { inside } from './paths.js';

/** The shipped rules directory. */
export const SHIPPED_RULES = resolve(import.meta.dirname, '../../rules.d');

/** Options of a test gateway; every listener on an ephemeral loopback port. */
export interface TestGatewayOptions {
  /** Rule files' text (written to a temp dir); default: the shipped rules. */
  readonly rules?: string;
  readonly enforce?: Record<string, unknown>;
  readonly state?: Record<string, unknown>;
  readonly admin?: Record<string, unknown>;
}

/** Starts a gateway for a test and stops it at teardown. */
export async function startTestGateway(t: { teardown: (fn: () => unknown) => void }, options: TestGatewayOptions = {}): Promise<{ gateway: Gateway; ingest: string; admin: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-enf-'));
  let paths = [SHIPPED_RULES];
  if (options.rules !== undefined) {
    writeFileSync(join(dir, 'main.rules'), options.rules);
    paths = [dir];
  }
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } },
    admin: { port: 0, ...options.admin },
    rules: { paths, watch: false, state: options.state ?? {} },
    enforce: options.enforce ?? {},
    alerts: { file: { path: join(dir, 'detections.jsonl') } },
    logging: { level: 'silent' },
  });
  const gateway = await Gateway.start(config, { resolvePath: inside(dir), processMetrics: false });
  t.teardown(() => gateway.stop());
  return { gateway, ingest: gateway.addresses.http as string, admin: gateway.addresses.admin as string, dir };
}

/** POSTs JSON and returns the status and parsed body (undefined for an empty body). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}
