import t from 'tap';
import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configFromObject } from '../../../src/config/index.js';
import { Gateway } from '../../../src/pipeline/index.js';
import { encodeTraceRequest } from '../../../src/otlp/index.js';
import { decodeRpcStatus } from '../../helpers/otlp-receivers.js';
import { inside } from '../../helpers/paths.js';

type Tap = Parameters<Parameters<typeof t.test>[0]>[0];
const KEY = 'vgl-key-team-a-0123456789';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const RULE = 'rule r.rm {\n  title: "rm"\n  severity: high\n  score: 70\n  message: "rm: {command}"\n  when: command contains "rm -rf"\n}\n';

async function startGateway(t: Tap, header = 'authorization') {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-auth-'));
  writeFileSync(join(dir, 'main.rules'), RULE);
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { port: 0 }, auth: { header, tenants: [{ id: 'team-a', key_sha256: sha(KEY) }, { id: 'team-b', key_sha256: sha('other') }] } } },
    admin: { port: 0 },
    rules: { paths: [dir], watch: false },
    alerts: { file: { path: join(dir, 'detections.jsonl') } },
    audit: { dir: join(dir, 'audit'), key_path: join(dir, 'a.key'), public_key_path: join(dir, 'a.pub') },
    logging: { level: 'silent' },
  });
  const gateway = await Gateway.start(config, { resolvePath: inside(dir), processMetrics: false });
  t.teardown(() => gateway.stop());
  return { gateway, dir };
}

async function exportWith(url: string, headers: Record<string, string>): Promise<void> {
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'agent' }), spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces`, headers }))] });
  provider.getTracer('t').startSpan('execute_tool bash', { attributes: { 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': JSON.stringify({ command: 'rm -rf /' }), 'vigil.tenant.id': 'forged' } }).end();
  await provider.forceFlush();
  await provider.shutdown();
}

const body = encodeTraceRequest({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 1), name: 'x' }] }] }] });

t.test('HTTP: no key or a wrong key is 401 before the pipeline; a tenant key tags events and detections', async (t) => {
  const { gateway, dir } = await startGateway(t);
  const url = `${gateway.addresses.http}/v1/traces`;
  const none = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
  t.equal(none.status, 401);
  t.equal(decodeRpcStatus(Buffer.from(await none.arrayBuffer())).message, 'request is not authenticated: no API key in the authorization header');
  const wrong = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', authorization: 'Bearer nope' }, body });
  t.equal(wrong.status, 401);
  t.equal(decodeRpcStatus(Buffer.from(await wrong.arrayBuffer())).message, 'request is not authenticated: unknown API key');
  const metrics = await (await fetch(`${gateway.addresses.admin}/metrics`)).text();
  t.match(metrics, /vigil_receiver_refused_requests_total\{signal="span",transport="http",reason="VGL_UNAUTHENTICATED"\} 2/);
  t.notMatch(metrics, /vigil_receiver_accepted_items_total\{/, 'nothing reached the pipeline');

  await exportWith(gateway.addresses.http!, { authorization: `Bearer ${KEY}` });
  await gateway.stop();
  const detections = readFileSync(join(dir, 'detections.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  t.same(detections.map((d) => [d.ruleId, d.tenant]), [['r.rm', 'team-a']]);
  const audit = readFileSync(join(dir, 'audit', '000001.jsonl'), 'utf8');
  t.match(audit, /"kind":"detection","actor":"engine","rule":"r.rm","tenant":"team-a"/);
});

t.test('a configurable header carries the key as is', async (t) => {
  const { gateway } = await startGateway(t, 'x-vigil-key');
  const url = `${gateway.addresses.http}/v1/traces`;
  t.equal((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'x-vigil-key': KEY }, body })).status, 200);
  t.equal((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${KEY}` }, body })).status, 401);
});

t.test('gRPC: UNAUTHENTICATED without a valid key, OK with one', async (t) => {
  const { gateway } = await startGateway(t);
  const call = (metadata: grpc.Metadata) =>
    new Promise<grpc.ServiceError | null>((resolve) => {
      const client = new grpc.Client(gateway.addresses.grpc!, grpc.credentials.createInsecure());
      const raw = (b: Buffer): Buffer => b;
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', raw, raw, body, metadata, { deadline: Date.now() + 10_000 }, (error) => {
        client.close();
        resolve(error);
      });
    });
  const unauthenticated = await call(new grpc.Metadata());
  t.equal(unauthenticated?.code, grpc.status.UNAUTHENTICATED);
  t.equal(unauthenticated?.details, 'request is not authenticated: no API key in the authorization header');
  const good = new grpc.Metadata();
  good.set('authorization', `Bearer ${KEY}`);
  t.equal(await call(good), null);
});
