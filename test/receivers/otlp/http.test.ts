import t from 'tap';
import { gzipSync } from 'node:zlib';
import { VigilError } from '../../../src/errors.js';
import { Admission } from '../../../src/pipeline/admission.js';
import { encodeLogsRequest, encodeTraceRequest, TYPES } from '../../../src/otlp/index.js';
import { decodeRpcStatus, metricValue, startReceivers, TEST_LIMITS } from '../../helpers/otlp-receivers.js';
import { keyValues } from '../../helpers/spans.js';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const traceId = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex');
const span = (name: string, ids: { traceId?: Buffer; spanId?: Buffer } = {}) => ({
  traceId: ids.traceId ?? traceId,
  spanId: ids.spanId ?? Buffer.from('b7ad6b7169203331', 'hex'),
  name,
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000000500000000',
  attributes: keyValues({ 'gen_ai.tool.name': name }),
});
const traceBody = (...spans: ReturnType<typeof span>[]) => encodeTraceRequest({ resourceSpans: [{ resource: { attributes: keyValues({ 'service.name': 'svc' }) }, scopeSpans: [{ spans }] }] });

async function post(url: string, body: Buffer | string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

t.test('accepts both media types, with a charset parameter, and answers in kind', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const proto = await post(`${r.httpUrl}/v1/traces`, traceBody(span('a')), { 'content-type': PROTOBUF });
  t.equal(proto.status, 200);
  t.equal(proto.headers.get('content-type'), PROTOBUF);
  t.equal(proto.body.length, 0, 'full success: ExportTraceServiceResponse with partial_success unset');
  const json = await post(`${r.httpUrl}/v1/logs`, '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"hi"}}]}]}]}', { 'content-type': 'Application/JSON; charset=utf-8' });
  t.equal(json.status, 200);
  t.match(json.headers.get('content-type'), /^application\/json/);
  t.same(JSON.parse(json.body.toString()), {});
  t.same(r.consumer.batches.map((b) => [b.signal, b.transport, b.events.length]), [['span', 'http/protobuf', 1], ['log', 'http/json', 1]]);
  t.equal(await metricValue(r.metrics, 'vigil_receiver_accepted_items_total', { signal: 'span', transport: 'http/protobuf' }), 1);
  t.equal(await metricValue(r.metrics, 'vigil_receiver_in_flight_requests', {}), 0, 'slots are given back');
});

t.test('bad protobuf: 400 with a google.rpc.Status carrying a BadRequest', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const res = await post(`${r.httpUrl}/v1/traces`, Buffer.from('0aff0174727563', 'hex'), { 'content-type': PROTOBUF });
  t.equal(res.status, 400);
  t.equal(res.headers.get('content-type'), PROTOBUF);
  const status = decodeRpcStatus(res.body);
  t.equal(status.code, 3, 'INVALID_ARGUMENT');
  t.match(status.message, /^request body is not a valid ExportTraceServiceRequest protobuf message: length 255 runs past/);
  t.equal(status.details[0]?.typeUrl, 'type.googleapis.com/google.rpc.BadRequest');
  t.same(status.details[0]?.value, { fieldViolations: [{ description: status.message }] });
  t.equal(r.consumer.batches.length, 0);
  t.equal(await metricValue(r.metrics, 'vigil_receiver_refused_requests_total', { reason: 'VGL_BAD_PROTOBUF' }), 1);
});

t.test('bad JSON: 400 with a JSON google.rpc.Status naming the bad value', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const syntax = await post(`${r.httpUrl}/v1/logs`, '{"resourceLogs": [', { 'content-type': JSON_TYPE });
  t.equal(syntax.status, 400);
  t.equal(syntax.headers.get('content-type'), JSON_TYPE);
  t.match(JSON.parse(syntax.body.toString()).message, /^request body is not valid OTLP\/JSON: /);
  const badId = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'zz'.repeat(16), spanId: 'b7ad6b7169203331' }] }] }] });
  const res = await post(`${r.httpUrl}/v1/traces`, badId, { 'content-type': JSON_TYPE });
  t.equal(res.status, 400);
  const status = JSON.parse(res.body.toString());
  t.equal(status.code, 3);
  t.equal(status.message, 'request body is not valid OTLP/JSON: resourceSpans[0].scopeSpans[0].spans[0].traceId: expected a hex string');
  t.equal(status.details[0]['@type'], 'type.googleapis.com/google.rpc.BadRequest');
});

t.test('unsupported media type or encoding: 415; other methods: 405 with Allow', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const text = await post(`${r.httpUrl}/v1/traces`, 'hello', { 'content-type': 'text/plain' });
  t.equal(text.status, 415);
  t.equal(decodeRpcStatus(text.body).message, 'unsupported content type text/plain; use application/x-protobuf or application/json');
  const none = await fetch(`${r.httpUrl}/v1/traces`, { method: 'POST' });
  t.equal(none.status, 415, 'no content type at all');
  const brotli = await post(`${r.httpUrl}/v1/traces`, traceBody(span('a')), { 'content-type': PROTOBUF, 'content-encoding': 'br' });
  t.equal(brotli.status, 415);
  t.match(decodeRpcStatus(brotli.body).message, /unsupported content encoding br/);
  const get = await fetch(`${r.httpUrl}/v1/logs`);
  t.equal(get.status, 405);
  t.equal(get.headers.get('allow'), 'POST');
  t.equal(r.consumer.batches.length, 0);
});

t.test('size limits: 413 for an oversize body and for a gzip bomb', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const big = await post(`${r.httpUrl}/v1/traces`, Buffer.alloc(TEST_LIMITS.maxBodyBytes + 1, 0x0a), { 'content-type': PROTOBUF });
  t.equal(big.status, 413);
  t.equal(decodeRpcStatus(big.body).message, `request body exceeds the body limit of ${TEST_LIMITS.maxBodyBytes} bytes`);
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
  t.ok(bomb.length < TEST_LIMITS.maxBodyBytes, 'the bomb itself is small');
  const before = process.memoryUsage().rss;
  const res = await post(`${r.httpUrl}/v1/traces`, bomb, { 'content-type': PROTOBUF, 'content-encoding': 'gzip' });
  t.equal(res.status, 413);
  t.equal(decodeRpcStatus(res.body).message, `request body exceeds the decompressed limit of ${TEST_LIMITS.maxDecompressedBytes} bytes`);
  t.ok(process.memoryUsage().rss - before < 40 * 1024 * 1024, 'the bomb was not inflated whole');
  const json = await post(`${r.httpUrl}/v1/logs`, gzipSync(Buffer.alloc(2 * TEST_LIMITS.maxDecompressedBytes, 0x20)), { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' });
  t.equal(json.status, 413);
  t.equal(json.headers.get('content-type'), JSON_TYPE, 'the Status comes in the request encoding');
  t.equal(r.consumer.batches.length, 0);
});

t.test('bad gzip: 400', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const plain = await post(`${r.httpUrl}/v1/traces`, traceBody(span('a')), { 'content-type': PROTOBUF, 'content-encoding': 'gzip' });
  t.equal(plain.status, 400);
  t.match(decodeRpcStatus(plain.body).message, /^request body is not valid gzip: /);
  const cut = gzipSync(traceBody(span('a')));
  const truncated = await post(`${r.httpUrl}/v1/traces`, cut.subarray(0, cut.length - 10), { 'content-type': PROTOBUF, 'content-encoding': 'gzip' });
  t.equal(truncated.status, 400);
  const ok = await post(`${r.httpUrl}/v1/traces`, cut, { 'content-type': PROTOBUF, 'content-encoding': 'gzip' });
  t.equal(ok.status, 200, 'the same body whole is fine');
});

t.test('overloaded: 429 with Retry-After, before the body is decoded', async (t) => {
  const r = await startReceivers({ admission: new Admission(0, 7) });
  t.teardown(r.close);
  const res = await post(`${r.httpUrl}/v1/traces`, traceBody(span('a')), { 'content-type': PROTOBUF });
  t.equal(res.status, 429);
  t.equal(res.headers.get('retry-after'), '7');
  const status = decodeRpcStatus(res.body);
  t.equal(status.message, 'gateway is at its in-flight limit; retry after 7 s');
  t.same(status.details[0]?.value, { retryDelay: { seconds: 7 } });
  t.equal(await metricValue(r.metrics, 'vigil_receiver_refused_requests_total', { reason: 'VGL_OVERLOADED' }), 1);
});

t.test('a blocked consumer fills the gateway: the next request gets 429, then all drain', async (t) => {
  const r = await startReceivers({ admission: new Admission(1, 2) });
  t.teardown(r.close);
  let unblock = (): void => undefined;
  const blocked = new Promise<void>((resolve) => (unblock = resolve));
  r.consumer.behaviour = () => blocked;
  const first = post(`${r.httpUrl}/v1/traces`, traceBody(span('first')), { 'content-type': PROTOBUF });
  for (let i = 0; i < 100 && r.admission.inFlight === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const second = await post(`${r.httpUrl}/v1/logs`, '{}', { 'content-type': JSON_TYPE });
  t.equal(second.status, 429);
  t.equal(second.headers.get('retry-after'), '2');
  t.equal(second.headers.get('content-type'), JSON_TYPE);
  t.same(JSON.parse(second.body.toString()).details, [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }]);
  unblock();
  t.equal((await first).status, 200);
  t.equal(r.consumer.events[0]?.name, 'first');
});

t.test('shutting down: 503 with Retry-After', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  r.admission.close();
  const res = await post(`${r.httpUrl}/v1/traces`, traceBody(span('a')), { 'content-type': PROTOBUF });
  t.equal(res.status, 503);
  t.equal(res.headers.get('retry-after'), '3');
  t.equal(decodeRpcStatus(res.body).message, 'gateway is shutting down');
});

t.test('the consumer refuses: 503 + Retry-After when retryable, 500 for a fault', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  r.consumer.behaviour = async () => {
    throw new VigilError('VGL_PIPELINE_FAILED', 'exporter queue is full');
  };
  const res = await post(`${r.httpUrl}/v1/traces`, traceBody(span('a'), span('b')), { 'content-type': PROTOBUF });
  t.equal(res.status, 503);
  t.equal(res.headers.get('retry-after'), '3');
  t.equal(decodeRpcStatus(res.body).message, 'pipeline could not accept the batch: exporter queue is full');
  t.equal(await metricValue(r.metrics, 'vigil_receiver_refused_items_total', { reason: 'VGL_PIPELINE_FAILED' }), 2);
  r.consumer.behaviour = async () => {
    throw new TypeError('x is undefined');
  };
  const fault = await post(`${r.httpUrl}/v1/traces`, traceBody(span('a')), { 'content-type': PROTOBUF });
  t.equal(fault.status, 500);
  t.equal(fault.headers.get('retry-after'), null, 'a fault is not retryable');
  t.equal(decodeRpcStatus(fault.body).message, 'internal error: unexpected failure; see the gateway log');
});

t.test('partial success: invalid ids are rejected and counted, the rest delivered', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const body = traceBody(span('good'), span('zero trace', { traceId: Buffer.alloc(16) }), span('short span id', { spanId: Buffer.alloc(7, 1) }), span('also good'));
  const res = await post(`${r.httpUrl}/v1/traces`, body, { 'content-type': PROTOBUF });
  t.equal(res.status, 200);
  const response = TYPES.traceResponse.toObject(TYPES.traceResponse.decode(res.body), { longs: Number });
  t.same(response, {
    partialSuccess: { rejectedSpans: 2, errorMessage: '2 spans rejected: trace_id must be 16 bytes and not all zero (first at resource_spans[0].scope_spans[0].spans[1])' },
  });
  t.same(r.consumer.events.map((e) => e.name), ['good', 'also good']);
  t.equal(await metricValue(r.metrics, 'vigil_receiver_refused_items_total', { reason: 'VGL_INVALID_IDS' }), 2);

  const logs = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'no ids' } }, { traceId: 'abcdef', body: { stringValue: 'short id' } }] }] }] });
  const json = await post(`${r.httpUrl}/v1/logs`, logs, { 'content-type': JSON_TYPE });
  t.equal(json.status, 200);
  t.same(JSON.parse(json.body.toString()), {
    partialSuccess: { rejectedLogRecords: '1', errorMessage: '1 log records rejected: trace_id must be empty or 16 bytes (first at resource_logs[0].scope_logs[0].log_records[1])' },
  });
  t.same(r.consumer.events.slice(2).map((e) => e.body), ['no ids']);
});

t.test('a request whose items are all invalid reports them and consumes nothing', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const body = encodeLogsRequest({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ spanId: Buffer.alloc(3, 1) }] }] }] });
  const res = await post(`${r.httpUrl}/v1/logs`, body, { 'content-type': PROTOBUF });
  t.equal(res.status, 200);
  t.same(TYPES.logsResponse.toObject(TYPES.logsResponse.decode(res.body), { longs: Number }).partialSuccess?.rejectedLogRecords, 1);
  t.equal(r.consumer.batches.length, 0);
});
