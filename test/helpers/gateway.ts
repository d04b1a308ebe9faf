import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { inside } from './paths.js';

/** A gateway on free loopback ports with one rule file; stopped when the test ends. */
export async function startGateway(t: Test, rulesText: string, rules: Record<string, unknown> = {}): Promise<{ gateway: Gateway; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gw-'));
  writeFileSync(join(dir, 'main.rules'), rulesText);
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } },
    admin: { port: 0 },
    rules: { paths: [dir], watch: false, ...rules },
    alerts: { file: { path: join(dir, 'detections.jsonl') } },
    logging: { level: 'silent' },
  });
  const gateway = await Gateway.start(config, { resolvePath: inside(dir), processMetrics: false });
  t.teardown(() => gateway.stop());
  return { gateway, dir };
}

function written(dir: string): string[] {
  let text = '';
  try {
    text = readFileSync(join(dir, 'detections.jsonl'), 'utf8').trim();
  } catch {}
  return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line).ruleId as string);
}

/** The detections the gateway wrote to its file, by rule id, once `atLeast` are there (the file sink writes asynchronously; waits at most 5 s). */
export async function detectionsWritten(dir: string, atLeast = 1): Promise<string[]> {
  const until = Date.now() + 5_000;
  let ids = written(dir);
  while (ids.length < atLeast && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    ids = written(dir);
  }
  return ids;
}

/** Posts an OTLP/HTTP protobuf body; resolves to the status. */
export async function postTraces(url: string, body: Uint8Array): Promise<number> {
  const response = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
  await response.arrayBuffer();
  return response.status;
}
