import t from 'tap';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { eventsFromLogs, eventsFromTraces } from '../../src/event/index.js';
import { decodeLogsRequest, decodeTraceRequest, encodeLogsRequest, encodeTraceRequest } from '../../src/otlp/index.js';

const resource = resourceFromAttributes({ 'service.name': 'svc' });
const badProtobuf = (bytes: Buffer) => {
  try {
    decodeTraceRequest(bytes);
    return 'accepted';
  } catch (err) {
    return (err as Error).message.replace('request body is not a valid ExportTraceServiceRequest protobuf message: ', '');
  }
};
const varint = (n: number): Buffer => {
  const out: number[] = [];
  for (; n > 127; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  return Buffer.from([...out, n]);
};
// A length-delimited field: tag, length, payload.
const field = (number: number, payload: Buffer): Buffer => Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);

t.test('SDK-serialized spans decode into the shape the event model reads', async (t) => {
  const memory = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] }).getTracer('scope');
  tracer.startSpan('s', { attributes: { str: 'x', int: 7, dbl: 1.5, flag: true } }).end();
  const [sdkSpan] = memory.getFinishedSpans();
  const request = decodeTraceRequest(Buffer.from(ProtobufTraceSerializer.serializeRequest([sdkSpan]) ?? []));
  const [event] = eventsFromTraces(request);
  t.equal(event.spanId, sdkSpan.spanContext().spanId);
  t.same([event.attribute('str'), event.attribute('int'), event.attribute('dbl'), event.attribute('flag')], ['x', 7, 1.5, true]);
  const value = request.resourceSpans?.[0].scopeSpans?.[0].spans?.[0].attributes?.[1].value;
  t.same([value?.stringValue, value?.doubleValue, value?.boolValue], [null, null, null], 'unset AnyValue members read as null, not defaults');
});

t.test('SDK-serialized log records decode too', async (t) => {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  provider.getLogger('scope').emit({ body: { k: [1, 'two'] }, severityNumber: 17, eventName: 'thing.happened' });
  const [event] = eventsFromLogs(decodeLogsRequest(Buffer.from(ProtobufLogsSerializer.serializeRequest(memory.getFinishedLogRecords()) ?? [])));
  t.same(event.body, { k: [1, 'two'] });
  t.equal(event.severityNumber, 17);
  t.equal(event.eventName, 'thing.happened');
});

t.test('malformed wire data is refused, even where protobufjs alone would guess', async (t) => {
  t.equal(badProtobuf(Buffer.from('0f00', 'hex')), 'wire type 7 for field 1, 2 expected at offset 0');
  t.equal(badProtobuf(Buffer.from('0800', 'hex')), 'wire type 0 for field 1, 2 expected at offset 0', 'a varint where a message belongs');
  t.equal(badProtobuf(Buffer.from('0200', 'hex')), 'invalid field number 0 at offset 0');
  t.equal(badProtobuf(field(1, Buffer.from('0200', 'hex'))), 'invalid field number 0 at offset 2', 'also inside a nested message');
  t.equal(badProtobuf(Buffer.from('0aff01', 'hex')), 'length 255 runs past the end of its message at offset 0');
  t.equal(badProtobuf(Buffer.alloc(12, 0xff)), 'varint longer than 10 bytes at offset 10');
  t.equal(badProtobuf(Buffer.from('0a02120a', 'hex')), 'length 10 runs past the end of its message at offset 2', 'a nested length past its parent');
  t.equal(badProtobuf(Buffer.from('fb01', 'hex')), 'group 31 is not closed at offset 2');
  t.equal(badProtobuf(Buffer.from('fc01', 'hex')), 'unexpected end of group 31 at offset 0');
});

t.test('unknown fields and groups are skipped, as the encoding rules require', async (t) => {
  const unknown = Buffer.concat([varint(99 << 3), varint(5), field(98, Buffer.from('x')), Buffer.from('fb01f8012afc01', 'hex'), field(1, Buffer.alloc(0))]);
  t.equal(badProtobuf(unknown), 'accepted');
  t.equal(decodeTraceRequest(unknown).resourceSpans?.length, 1);
});

t.test('nesting deeper than 100 is refused, not recursed into', async (t) => {
  let value = field(1, Buffer.from('x'));
  for (let i = 0; i < 200; i++) value = field(5, field(1, value)); // AnyValue.array_value.values
  const request = field(1, field(1, field(1, Buffer.concat([field(1, Buffer.from('deep')), field(2, value)]))));
  t.match(badProtobuf(request), /^nesting deeper than 100 at offset \d+$/);
});

t.test('encode and decode are inverse for both signals', async (t) => {
  const traces = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'n', kind: 4, flags: 257, startTimeUnixNano: '1700000000000000007', status: { code: 1, message: 'ok' } }] }] }] };
  const [span] = eventsFromTraces(decodeTraceRequest(encodeTraceRequest(traces)));
  t.same([span.name, span.kind, span.statusCode, span.statusMessage, span.traceId], ['n', 'producer', 'ok', 'ok', '01'.repeat(16)]);
  t.equal(span.span?.flags, 257);
  const logs = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityText: 'INFO', eventName: 'e', observedTimeUnixNano: 5, body: { kvlistValue: { values: [{ key: 'a', value: { intValue: -3 } }] } } }] }] }] };
  const [log] = eventsFromLogs(decodeLogsRequest(encodeLogsRequest(logs)));
  t.same([log.severityText, log.eventName, log.body, log.timeUnixNano], ['INFO', 'e', { a: -3 }, '5']);
});
