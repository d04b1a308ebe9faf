import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { spanIds, spansRequest, until } from '../helpers/exporter-harness.js';
import { OtlpDownstream } from '../helpers/otlp-downstream.js';

// The delivery guarantee end to end: with the downstream down, every span answered 200 is on disk;
// SIGKILL loses none of it; after a restart, once the downstream is back, every one arrives.

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function serve(config: string): Promise<{ child: ChildProcess; http: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let http: string | undefined;
  await until(() => (http = /"http":"(http:\/\/[^"]+)"/.exec(log)?.[1]) !== undefined, 15_000);
  if (!http) throw new Error(`vigil did not start:\n${log}`);
  return { child, http };
}

t.test('downstream down, spans accepted, SIGKILL, restart, downstream back: every accepted span arrives', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
  const downstreamPort = await freePort();
  const config = join(dir, 'config.yaml');
  writeFileSync(config, [
    'receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } }',
    'admin: { enabled: false }',
    `rules: { paths: [${JSON.stringify(join(dir, 'rules'))}], watch: false }`,
    'alerts: { file: { path: detections.jsonl } }',
    'exporters:',
    '  otlp/downstream:',
    `    endpoint: http://127.0.0.1:${downstreamPort}`,
    '    retry: { initial_interval: 100ms, max_interval: 200ms }',
    'pipelines:',
    '  traces: { receivers: [otlp], exporters: [otlp/downstream] }',
    '  logs: { receivers: [otlp], exporters: [otlp/downstream] }',
  ].join('\n'));
  writeFileSync(join(dir, 'rules'), 'rule t.rm {\n  title: "rm"\n  severity: high\n  score: 70\n  when: command contains "rm -rf"\n}\n');

  const first = await serve(config);
  t.teardown(() => first.child.kill('SIGKILL'));
  const accepted: string[] = [];
  const detected: string[] = [];
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < 40; i++) {
    const ids = spanIds(25, `c${i.toString(16).padStart(2, '0')}`);
    // Every fourth request is risky: each of its 25 spans raises a detection.
    const risky = i % 4 === 0;
    const body = spansRequest(ids, risky ? { 'gen_ai.tool.call.arguments': JSON.stringify({ command: 'rm -rf /' }) } : {});
    inFlight.push(
      fetch(`${first.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body }).then((response) => {
        if (response.status !== 200) return;
        accepted.push(...ids);
        if (risky) detected.push(...ids);
      }),
    );
    if (inFlight.length === 8) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  t.equal(accepted.length, 1000, 'every request answered 200 while the downstream is down');
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  const second = await serve(config);
  t.teardown(() => second.child.kill('SIGKILL'));
  const downstream = new OtlpDownstream();
  await downstream.startHttp(downstreamPort);
  t.teardown(() => downstream.close());
  await until(() => new Set(downstream.ids('traces')).size >= accepted.length, 20_000);
  const arrived = new Set(downstream.ids('traces'));
  t.equal(arrived.size, accepted.length, 'as many distinct spans arrived as were accepted');
  t.same(accepted.filter((id) => !arrived.has(id)), [], 'no accepted span is missing');
  t.ok(downstream.arrived.every((a) => typeof a.attributes['vigil.risk.score'] === 'number'), 'they arrive annotated');
  const detectionsFile = join(dir, 'detections.jsonl');
  const detectedSpans = (): Set<string> => new Set(existsSync(detectionsFile) ? readFileSync(detectionsFile, 'utf8').trim().split('\n').filter(Boolean).flatMap((l) => (JSON.parse(l) as { events: { spanId: string }[] }).events.map((e) => e.spanId)) : []);
  await until(() => detectedSpans().size >= detected.length);
  t.equal(detected.length, 250);
  t.same(detected.filter((id) => !detectedSpans().has(id)), [], 'every detection of an accepted request is in the detections file');
});
