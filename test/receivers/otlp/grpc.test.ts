import t from 'tap';
import * as grpc from '@grpc/grpc-js';
import { VigilError } from '../../../src/errors.js';
import { Admission } from '../../../src/pipeline/admission.js';
import { encodeLogsRequest, encodeTraceRequest, TYPES } from '../../../src/otlp/index.js';
import { startGrpcReceiver } from '../../../src/receivers/otlp/index.js';
import { Metrics } from '../../../src/telemetry/metrics.js';
import { decodeRpcStatus, grpcCall, metricValue, RecordingConsumer, startReceivers, TEST_LIMITS } from '../../helpers/otlp-receivers.js';
import { keyValues } from '../../helpers/spans.js';

const TRACE_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const LOGS_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
const GZIP = { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip };
const span = (name: string, traceId = Buffer.alloc(16, 7)) => ({ traceId, spanId: Buffer.alloc(8, 9), name, endTimeUnixNano: '1700000000000000000' });
const traces = (...spans: ReturnType<typeof span>[]) => encodeTraceRequest({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
// A valid request whose one resource attribute is `size` bytes long.
const paddedTraces = (size: number) => encodeTraceRequest({ resourceSpans: [{ resource: { attributes: keyValues({ padding: 'a'.repeat(size) }) }, scopeSpans: [] }] });
const detailsOf = (error: grpc.ServiceError | undefined) => {
  const bin = error?.metadata.get('grpc-status-details-bin')[0];
  return bin instanceof Buffer ? decodeRpcStatus(bin) : undefined;
};

t.test('exports over gRPC, plain and gzip, with an empty response on full success', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const plain = await grpcCall(r.grpcTarget, TRACE_PATH, traces(span('plain')));
  t.same(plain.response, Buffer.alloc(0));
  const gzip = await grpcCall(r.grpcTarget, LOGS_PATH, encodeLogsRequest({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'zipped' } }] }] }] }), GZIP);
  t.equal(gzip.error, undefined);
  t.same(r.consumer.batches.map((b) => [b.signal, b.transport]), [['span', 'grpc'], ['log', 'grpc']]);
  t.equal(r.consumer.events[0]?.name, 'plain');
  t.equal(r.consumer.events[1]?.body, 'zipped');
  const empty = await grpcCall(r.grpcTarget, TRACE_PATH, Buffer.alloc(0));
  t.same(empty.response, Buffer.alloc(0), 'an empty request succeeds');
});

t.test('an undecodable message: INVALID_ARGUMENT with a BadRequest', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const { error } = await grpcCall(r.grpcTarget, TRACE_PATH, Buffer.from('0f00', 'hex'));
  t.equal(error?.code, grpc.status.INVALID_ARGUMENT);
  t.equal(error?.details, 'request body is not a valid ExportTraceServiceRequest protobuf message: wire type 7 for field 1, 2 expected at offset 0');
  const status = detailsOf(error);
  t.equal(status?.code, grpc.status.INVALID_ARGUMENT);
  t.equal(status?.details[0]?.typeUrl, 'type.googleapis.com/google.rpc.BadRequest');
  t.equal(await metricValue(r.metrics, 'vigil_receiver_refused_requests_total', { transport: 'grpc', reason: 'VGL_BAD_PROTOBUF' }), 1);
});

t.test('oversize messages and gzip bombs: RESOURCE_EXHAUSTED without RetryInfo', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const oversize = await grpcCall(r.grpcTarget, TRACE_PATH, paddedTraces(TEST_LIMITS.maxDecompressedBytes + 1));
  t.equal(oversize.error?.code, grpc.status.RESOURCE_EXHAUSTED);
  t.match(oversize.error?.details, /larger than max/);
  const payload = paddedTraces(50 * 1024 * 1024);
  const before = process.memoryUsage().rss;
  const bomb = await grpcCall(r.grpcTarget, TRACE_PATH, payload, GZIP);
  t.equal(bomb.error?.code, grpc.status.RESOURCE_EXHAUSTED);
  t.match(bomb.error?.details, /decompresses to a size larger than 1048576/);
  t.ok(process.memoryUsage().rss - before < 40 * 1024 * 1024, 'the server inflated no more than its limit');
  t.equal(r.consumer.batches.length, 0);
  const fits = await grpcCall(r.grpcTarget, TRACE_PATH, paddedTraces(TEST_LIMITS.maxDecompressedBytes / 2), GZIP);
  t.equal(fits.error, undefined, 'a large message that inflates within the limit passes');
});

t.test('overloaded: RESOURCE_EXHAUSTED with RetryInfo; shutting down: UNAVAILABLE', async (t) => {
  const r = await startReceivers({ admission: new Admission(0, 5) });
  t.teardown(r.close);
  const full = await grpcCall(r.grpcTarget, TRACE_PATH, traces(span('a')));
  t.equal(full.error?.code, grpc.status.RESOURCE_EXHAUSTED);
  t.same(detailsOf(full.error)?.details, [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: { retryDelay: { seconds: 5 } } }]);
  r.admission.close();
  const closing = await grpcCall(r.grpcTarget, LOGS_PATH, Buffer.alloc(0));
  t.equal(closing.error?.code, grpc.status.UNAVAILABLE);
  t.equal(closing.error?.details, 'gateway is shutting down');
  t.equal(await metricValue(r.metrics, 'vigil_receiver_refused_requests_total', { transport: 'grpc', reason: 'VGL_SHUTTING_DOWN' }), 1);
});

t.test('the consumer refuses: UNAVAILABLE with RetryInfo', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  r.consumer.behaviour = async () => {
    throw new VigilError('VGL_PIPELINE_FAILED', 'exporter queue is full');
  };
  const { error } = await grpcCall(r.grpcTarget, TRACE_PATH, traces(span('a')));
  t.equal(error?.code, grpc.status.UNAVAILABLE);
  t.equal(error?.details, 'pipeline could not accept the batch: exporter queue is full');
  t.equal(detailsOf(error)?.details[0]?.typeUrl, 'type.googleapis.com/google.rpc.RetryInfo');
  t.equal(r.admission.inFlight, 0, 'the slot is given back');
});

t.test('partial success over gRPC', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const { response } = await grpcCall(r.grpcTarget, TRACE_PATH, traces(span('kept'), span('zero', Buffer.alloc(16))));
  t.ok(response);
  const decoded = TYPES.traceResponse.toObject(TYPES.traceResponse.decode(response ?? Buffer.alloc(0)), { longs: Number });
  t.equal(decoded.partialSuccess?.rejectedSpans, 1);
  t.match(decoded.partialSuccess?.errorMessage, /^1 spans rejected: trace_id must be 16 bytes/);
  t.same(r.consumer.events.map((e) => e.name), ['kept']);
});

t.test('close is idempotent and refuses later calls', async (t) => {
  const consumer = new RecordingConsumer();
  const options = { consumer, admission: new Admission(4, 1), metrics: new Metrics({ processMetrics: false }), limits: TEST_LIMITS };
  const receiver = await startGrpcReceiver({ host: '127.0.0.1', port: 0, ...options });
  const target = `127.0.0.1:${receiver.port}`;
  t.equal((await grpcCall(target, TRACE_PATH, traces(span('early')))).error, undefined);
  const first = receiver.close();
  t.equal(receiver.close(), first, 'a second close joins the first');
  await first;
  const { error } = await grpcCall(target, TRACE_PATH, traces(span('late')));
  t.equal(error?.code, grpc.status.UNAVAILABLE, 'nobody listens any more');
  t.same(consumer.events.map((e) => e.name), ['early']);
});
