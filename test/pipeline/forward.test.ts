import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import t from 'tap';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { logsRequest, spanIds, spansRequest, until } from '../helpers/exporter-harness.js';
import { OtlpDownstream } from '../helpers/otlp-downstream.js';
import { decodeRpcStatus, grpcCall } from '../helpers/otlp-receivers.js';
import * as grpc from '@grpc/grpc-js';

const RULE = 'rule test.rm {\n  title: "rm"\n  severity: high\n  score: 70\n  tags: [T1485]\n  actions: [alert]\n  when: command contains "rm -rf"\n}\n';

async function start(t: Tap, raw: (dir: string) => object) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-fwd-'));
  writeFileSync(join(dir, 'main.rules'), RULE);
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } },
    admin: { port: 0 },
    rules: { paths: [dir], watch: false },
    alerts: { file: { enabled: false } },
    logging: { level: 'silent' },
    ...raw(dir),
  });
  const gateway = await Gateway.start(config, { resolvePath: (p) => resolve(dir, p), processMetrics: false });
  t.teardown(() => gateway.stop());
  return gateway;
}
type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

async function exportCommands(url: string, commands: string[]): Promise<string[]> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'agent' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
  });
  const tracer = provider.getTracer('test');
  const ids = commands.map((command) => {
    const span = tracer.startSpan('execute_tool bash', { attributes: { 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': JSON.stringify({ command }) } });
    span.end();
    return span.spanContext().spanId;
  });
  await provider.forceFlush();
  await provider.shutdown();
  return ids;
}

t.test('the keys of the issue forward annotated spans and logs to an OTLP/HTTP downstream', async (t) => {
  const downstream = new OtlpDownstream();
  await downstream.startHttp();
  t.teardown(() => downstream.close());
  const gateway = await start(t, () => ({
    exporters: { 'otlp/downstream': { endpoint: downstream.httpUrl, batch: { flush_interval: '0ms' } } },
    pipelines: { traces: { receivers: ['otlp'], exporters: ['otlp/downstream'] }, logs: { receivers: ['otlp'], exporters: ['otlp/downstream'] } },
  }));
  const ids = await exportCommands(gateway.addresses.http!, ['ls', 'rm -rf /']);
  const logs = await fetch(`${gateway.addresses.http}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: logsRequest(['g1']) });
  t.equal(logs.status, 200);
  await until(() => downstream.arrived.length === 3);
  const spans = downstream.arrived.filter((a) => a.signal === 'traces');
  t.same(spans.map((s) => s.id).sort(), [...ids].sort(), 'both spans, nothing lost');
  const rm = spans.find((s) => s.id === ids[1])!;
  t.equal(rm.attributes['gen_ai.tool.name'], 'bash', 'original attributes kept');
  t.equal(rm.attributes['vigil.risk.score'], 70);
  t.equal(rm.attributes['vigil.risk.level'], 'high');
  t.same(rm.attributes['vigil.rules'], ['test.rm']);
  t.same(rm.attributes['vigil.attack'], ['T1485']);
  t.equal(spans.find((s) => s.id === ids[0])!.attributes['vigil.risk.level'], 'none');
  t.same(downstream.ids('logs'), ['g1']);
  t.equal(downstream.arrived.find((a) => a.signal === 'logs')!.attributes['vigil.risk.score'], 0, 'logs are annotated too');
});

t.test('forwarding splices the annotation into the received bytes: fields Vigil does not know survive', async (t) => {
  const downstream = new OtlpDownstream();
  await downstream.startHttp();
  t.teardown(() => downstream.close());
  const gateway = await start(t, () => ({
    exporters: { 'otlp/downstream': { endpoint: downstream.httpUrl, compression: 'none', batch: { flush_interval: '0ms' } } },
    pipelines: { traces: { exporters: ['otlp/downstream'] }, logs: { exporters: [] } },
  }));
  const received = spansRequest(spanIds(2, '9'));
  // A field from a newer OTLP version (number 111, varint 42) at the request level.
  const future = Buffer.from([0xf8, 0x06, 0x2a]);
  const response = await fetch(`${gateway.addresses.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.concat([received, future]) });
  t.equal(response.status, 200);
  await until(() => downstream.bodies.length === 1);
  const body = downstream.bodies[0];
  t.ok(body.subarray(body.length - 3).equals(future), 'the unknown field is forwarded as received');
  t.same(downstream.arrived.map((a) => a.attributes['vigil.risk.level']), ['none', 'none'], 'and the annotation is there');
});

t.test('a pipeline filter (min_risk: medium) forwards only the spans at or above it', async (t) => {
  const downstream = new OtlpDownstream();
  await downstream.startHttp();
  t.teardown(() => downstream.close());
  const gateway = await start(t, () => ({
    exporters: { 'otlp/siem': { endpoint: downstream.httpUrl, batch: { flush_interval: '0ms' } } },
    pipelines: { traces: { exporters: ['otlp/siem'], filter: { min_risk: 'medium' } }, logs: { exporters: [] } },
  }));
  const ids = await exportCommands(gateway.addresses.http!, ['ls', 'rm -rf /tmp/x', 'pwd']);
  await until(() => downstream.arrived.length >= 1);
  await new Promise((r) => setTimeout(r, 100));
  t.same(downstream.ids('traces'), [ids[1]], 'only the high-risk span');
});

t.test('a dead downstream fills its queue: ingest answers 503 + Retry-After, /readyz says why, the other pipeline still flows', async (t) => {
  const alive = new OtlpDownstream();
  await alive.startHttp();
  t.teardown(() => alive.close());
  const gateway = await start(t, () => ({
    receivers: { otlp: { http: { port: 0 }, grpc: { port: 0 } } },
    exporters: {
      'otlp/dead': { endpoint: 'http://127.0.0.1:9', queue: { max_bytes: 65536 }, retry: { initial_interval: '1s' } },
      'otlp/alive': { endpoint: alive.httpUrl, batch: { flush_interval: '0ms' } },
    },
    pipelines: { traces: { exporters: ['otlp/dead'] }, logs: { exporters: ['otlp/alive'] } },
  }));
  const post = (path: string, body: Buffer): Promise<Response> => fetch(`${gateway.addresses.http}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
  let refused: Response | undefined;
  for (let i = 0; i < 200 && !refused; i++) {
    const response = await post('/v1/traces', spansRequest(spanIds(20, `f${i.toString(16)}`), { filler: 'x'.repeat(200) }));
    if (response.status !== 200) refused = response;
  }
  t.equal(refused?.status, 503, 'back-pressure once the budget is used');
  t.equal(refused?.headers.get('retry-after'), '1');
  const ready = await fetch(`${gateway.addresses.admin}/readyz`);
  t.equal(ready.status, 503);
  t.match(((await ready.json()) as { reasons: string[] }).reasons, ['traces pipeline: exporter otlp/dead queue is full']);
  const grpcRefusal = await grpcCall(gateway.addresses.grpc!, '/opentelemetry.proto.collector.trace.v1.TraceService/Export', spansRequest(spanIds(20, 'fe'), { filler: 'x'.repeat(200) }));
  t.equal(grpcRefusal.error?.code, grpc.status.UNAVAILABLE, 'gRPC: UNAVAILABLE');
  const details = grpcRefusal.error?.metadata.get('grpc-status-details-bin')[0] as Buffer;
  t.match(decodeRpcStatus(details).details, [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: { retryDelay: { seconds: 1 } } }], 'with RetryInfo');
  t.equal((await post('/v1/logs', logsRequest(['still']))).status, 200, 'the logs pipeline is not held back');
  await until(() => alive.ids('logs').length === 1);
  t.same(alive.ids('logs'), ['still']);
});

t.test('a pipeline naming an unknown exporter, or a bad exporter key, stops startup with the path', async (t) => {
  const base = { rules: { paths: [], watch: false }, logging: { level: 'silent' }, receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } }, admin: { enabled: false } };
  const config = configFromObject({ ...base, exporters: { 'otlp/a': { endpoint: 'http://127.0.0.1:1', compresion: 'gzip' }, 'nosuch/b': {} }, pipelines: { traces: { exporters: ['otlp/a', 'nosuch/b'] }, logs: { exporters: ['otlp/c'] } } });
  const error = await Gateway.start(config, { resolvePath: (p) => p, processMetrics: false }).then(() => undefined, (e: Error) => e);
  t.match(error?.message, /\/exporters\/otlp\/a\/compresion: Unexpected property/);
  t.match(error?.message, /\/exporters\/nosuch\/b: unknown exporter type nosuch/);
  t.match(error?.message, /\/pipelines\/logs\/exporters: otlp\/c is not configured/);
});
