import t from 'tap';
import { eventsFromLogs, eventsFromTraces } from '../../src/event/index.js';
import { decodeTraceRequest, encodeTraceRequest, logsRequestFromJson, traceRequestFromJson } from '../../src/otlp/index.js';

const TRACE = '0AF7651916CD43DD8448EB211C80319C';
const SPAN = 'B7AD6B7169203331';
const oneSpan = (span: object, envelope: object = {}) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE, spanId: SPAN, ...span }] }] }], ...envelope });
const spanEvent = (span: object) => eventsFromTraces(traceRequestFromJson(oneSpan(span)))[0];
const badJson = (text: string) => {
  try {
    traceRequestFromJson(text);
    return 'accepted';
  } catch (err) {
    return (err as Error).message.replace('request body is not valid OTLP/JSON: ', '');
  }
};

t.test('hex ids in either case become the id bytes', async (t) => {
  const event = spanEvent({ parentSpanId: '00f067aa0ba902b7' });
  t.equal(event.traceId, TRACE.toLowerCase());
  t.equal(event.spanId, SPAN.toLowerCase());
  t.equal(event.parentSpanId, '00f067aa0ba902b7');
});

t.test('int64 as a decimal string or as a number', async (t) => {
  const asString = spanEvent({ endTimeUnixNano: '1700000000250000123', attributes: [{ key: 'n', value: { intValue: '9007199254740993' } }] });
  t.equal(asString.timeUnixNano, '1700000000250000123', 'the string keeps every digit');
  t.equal(asString.attribute('n'), 9007199254740992, 'read as the nearest number');
  const asNumber = spanEvent({ endTimeUnixNano: 1700000000250000000, attributes: [{ key: 'n', value: { intValue: 42 } }] });
  t.ok(Math.abs(asNumber.timeMs - 1700000000250) < 0.001, 'as exact as a double allows');
  t.equal(asNumber.attribute('n'), 42);
  t.equal(badJson(oneSpan({ attributes: [{ key: 'n', value: { intValue: 1.5 } }] })), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue: expected a 64-bit integer as a number or a decimal string');
  t.equal(badJson(oneSpan({ startTimeUnixNano: '-1' })), 'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer as a number or a decimal string');
});

t.test('enums as integers or as names', async (t) => {
  t.equal(spanEvent({ kind: 3, status: { code: 2 } }).kind, 'client');
  const named = spanEvent({ kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_ERROR', message: 'x' } });
  t.equal(named.kind, 'client');
  t.equal(named.statusCode, 'error');
  const [log] = eventsFromLogs(logsRequestFromJson('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"SEVERITY_NUMBER_WARN2"}]}]}]}'));
  t.equal(log.severityNumber, 14);
  t.equal(spanEvent({ kind: 9 }).kind, 'unspecified', 'an integer the schema does not name is kept (open enums)');
  t.match(badJson(oneSpan({ kind: 'CLIENT' })), /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.kind: expected an integer or one of SPAN_KIND_UNSPECIFIED, /);
});

t.test('snake_case keys read as their lowerCamelCase names', async (t) => {
  const snake = '{"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"svc"}}]},"scope_spans":[{"scope":{"name":"s"},"spans":[{"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331","parent_span_id":"00f067aa0ba902b7","end_time_unix_nano":"1700000000000000000","dropped_attributes_count":2}]}]}]}';
  const camel = snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  t.same(traceRequestFromJson(snake), traceRequestFromJson(camel));
  const [event] = eventsFromTraces(traceRequestFromJson(snake));
  t.equal(event.parentSpanId, '00f067aa0ba902b7');
  t.equal(event.resourceAttribute('service.name'), 'svc');
  t.equal(event.timeUnixNano, '1700000000000000000');
});

t.test('unknown fields are ignored at every level, null is "not set"', async (t) => {
  const withJunk = JSON.stringify({
    futureField: { a: [1] },
    resourceSpans: [{ junk: 1, resource: { junk: 'x', attributes: [{ key: 'k', junk: true, value: { junk: 1, stringValue: 'v' } }] }, scopeSpans: [{ junk: null, scope: { junk: 2 }, spans: [{ traceId: TRACE, spanId: SPAN, junk: {}, name: 'n', status: null }] }] }],
  });
  const [event] = eventsFromTraces(traceRequestFromJson(withJunk));
  t.equal(event.name, 'n');
  t.equal(event.resourceAttribute('k'), 'v');
  t.equal(event.statusCode, 'unset');
});

t.test('every AnyValue kind, bytes as base64, special doubles as strings', async (t) => {
  const value = (v: object) => ({ key: 'k', value: v });
  const read = (v: object) => spanEvent({ attributes: [value(v)] }).attribute('k');
  t.equal(read({ stringValue: 's' }), 's');
  t.equal(read({ boolValue: false }), false);
  t.equal(read({ doubleValue: 0.5 }), 0.5);
  t.equal(read({ doubleValue: '-Infinity' }), -Infinity);
  t.ok(Number.isNaN(read({ doubleValue: 'NaN' })));
  t.equal(read({ bytesValue: 'aGk=' }), 'aGk=');
  t.same(read({ arrayValue: { values: [{ intValue: '1' }, { stringValue: 'x' }] } }), [1, 'x']);
  t.same(read({ kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }] } }), { a: true });
  t.equal(read({}), undefined, 'an empty AnyValue');
});

t.test('errors name the path of the bad value', async (t) => {
  t.equal(badJson('[]'), '(top level): expected an object');
  t.equal(badJson('{"resourceSpans":{"scopeSpans":[]}}'), 'resourceSpans: expected an array');
  t.equal(badJson(oneSpan({ spanId: 'b7ad6b716920333' })), 'resourceSpans[0].scopeSpans[0].spans[0].spanId: expected a hex string', 'odd length');
  t.equal(badJson(oneSpan({ name: 5 })), 'resourceSpans[0].scopeSpans[0].spans[0].name: expected a string');
  t.equal(badJson(oneSpan({ attributes: [{ key: 'k', value: { boolValue: 'yes' } }] })), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.boolValue: expected true or false');
  t.equal(badJson(oneSpan({ droppedAttributesCount: -1 })), 'resourceSpans[0].scopeSpans[0].spans[0].droppedAttributesCount: expected an integer from 0 to 4294967295');
  t.equal(badJson(oneSpan({ attributes: [{ key: 'k', value: { bytesValue: 'not base64!' } }] })), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.bytesValue: expected a base64 string');
  t.match(badJson(''), /^Unexpected end of JSON input/);
});

t.test('nesting is bounded, not recursed without end', async (t) => {
  const deep = `{"resourceSpans":[{"resource":{"attributes":[{"key":"deep","value":${'{"arrayValue":{"values":['.repeat(20000)}{"stringValue":"x"}${']}}'.repeat(20000)}}]}}]}`;
  t.match(badJson(deep), /nesting deeper than 100$/);
});

t.test('a JSON request re-encodes to protobuf with the same meaning', async (t) => {
  const json = oneSpan({ name: 'round trip', kind: 2, endTimeUnixNano: '1700000000000000001', attributes: [{ key: 'n', value: { intValue: '-7' } }, { key: 'b', value: { bytesValue: 'AQI=' } }], events: [{ name: 'e', timeUnixNano: 5 }], links: [{ traceId: TRACE, spanId: SPAN }] });
  const fromJson = traceRequestFromJson(json);
  const decoded = decodeTraceRequest(encodeTraceRequest(fromJson));
  const [a] = eventsFromTraces(fromJson);
  const [b] = eventsFromTraces(decoded);
  for (const field of ['name', 'kind', 'traceId', 'spanId', 'timeUnixNano'] as const) t.equal(b[field], a[field], field);
  t.equal(b.attribute('n'), -7);
  t.equal(b.attribute('b'), 'AQI=');
  const span = decoded.resourceSpans?.[0].scopeSpans?.[0].spans?.[0];
  t.equal(span?.links?.length, 1);
  t.equal(span?.events?.length, 1);
});
