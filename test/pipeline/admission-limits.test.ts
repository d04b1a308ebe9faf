import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { inside } from '../helpers/paths.js';

type Tap = Parameters<Parameters<typeof t.test>[0]>[0];
const RULE = 'rule r.rm {\n  title: "rm"\n  severity: low\n  score: 1\n  when: command contains "rm -rf"\n}\n';

async function startGateway(t: Tap, limits: Record<string, unknown>): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-limits-'));
  writeFileSync(join(dir, 'main.rules'), RULE);
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false }, limits } },
    admin: { port: 0 },
    rules: { paths: [dir], watch: false },
    alerts: { file: { enabled: false } },
    audit: { enabled: false },
    logging: { level: 'silent' },
  });
  const gateway = await Gateway.start(config, { resolvePath: inside(dir), processMetrics: false });
  t.teardown(() => gateway.stop());
  return gateway;
}

const portOf = (url: string): number => Number(new URL(url).port);

/** A raw socket that sends `data` and resolves `closed` when the server closes it. */
function socket(port: number, data: string): { closed: Promise<void>; destroy: () => void } {
  const s = net.connect(port, '127.0.0.1', () => s.write(data));
  s.on('error', () => undefined);
  s.resume();
  return { closed: new Promise((resolve) => s.once('close', () => resolve())), destroy: () => s.destroy() };
}

const within = <T>(ms: number, p: Promise<T>): Promise<T | 'timeout'> => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref())]);

t.test('slowloris: 2,000 sockets with half a header are closed by the header timeout', async (t) => {
  const gateway = await startGateway(t, { header_timeout: '500ms' });
  const port = portOf(gateway.addresses.http!);
  const sockets = Array.from({ length: 2000 }, () => socket(port, 'POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-'));
  t.teardown(() => sockets.forEach((s) => s.destroy()));
  // Bounded wait, generous for a loaded machine: the point is that the server closes them at all.
  const result = await within(40_000, Promise.all(sockets.map((s) => s.closed)));
  t.not(result, 'timeout', 'every half-header socket was closed by the server');
  const ok = await fetch(`${gateway.addresses.http}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  t.equal(ok.status, 200, 'the listener still serves');
});

t.test('a trickled body holds no in-flight slot; other requests are served and /readyz stays ready', async (t) => {
  const gateway = await startGateway(t, { max_in_flight: 2, request_timeout: '30s' });
  const port = portOf(gateway.addresses.http!);
  const trickles = Array.from({ length: 8 }, () => socket(port, 'POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{'));
  t.teardown(() => trickles.forEach((s) => s.destroy()));
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${gateway.addresses.http}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    t.equal(res.status, 200, `request ${i} served while 8 bodies trickle`);
  }
  t.equal((await fetch(`${gateway.addresses.admin}/readyz`)).status, 200);
});

t.test('a request whose body never completes is closed by the request timeout', async (t) => {
  const gateway = await startGateway(t, { header_timeout: '300ms', request_timeout: '600ms' });
  const slow = socket(portOf(gateway.addresses.http!), 'POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
  t.teardown(slow.destroy);
  t.not(await within(15_000, slow.closed), 'timeout');
});

t.test('connections past max_connections are closed at once and counted', async (t) => {
  const gateway = await startGateway(t, { max_connections: 5, header_timeout: '60s', request_timeout: '60s' });
  const port = portOf(gateway.addresses.http!);
  const held = Array.from({ length: 5 }, () => socket(port, 'POST /v1/logs HTTP/1.1\r\n'));
  t.teardown(() => held.forEach((s) => s.destroy()));
  await new Promise((r) => setTimeout(r, 300));
  const extra = Array.from({ length: 3 }, () => socket(port, 'POST /v1/logs HTTP/1.1\r\n'));
  t.not(await within(10_000, Promise.all(extra.map((s) => s.closed))), 'timeout', 'the extra connections were closed');
  const metrics = await (await fetch(`${gateway.addresses.admin}/metrics`)).text();
  t.match(metrics, /vigil_receiver_dropped_connections_total\{listener="otlp_http"\} 3/);
});

t.test('stop closes idle keep-alive connections and cuts one held open, and returns', async (t) => {
  const gateway = await startGateway(t, { header_timeout: '60s', request_timeout: '60s' });
  const port = portOf(gateway.addresses.http!);
  const idle = socket(port, 'POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
  const holding = socket(port, 'POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
  t.teardown(() => [idle, holding].forEach((s) => s.destroy()));
  await new Promise((r) => setTimeout(r, 300));
  t.not(await within(20_000, gateway.stop()), 'timeout', 'stop() returned');
  t.not(await within(1000, Promise.all([idle.closed, holding.closed])), 'timeout', 'both connections are closed');
});
