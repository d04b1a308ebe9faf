import t from 'tap';
import type { KeyValue } from '../../src/event/index.js';
import { appendAttributes, decodeLogsRequest, decodeTraceRequest, encodeLogsRequest, encodeTraceRequest, TYPES } from '../../src/otlp/index.js';
import { appendToItems } from '../../src/otlp/splice.js';

const kv = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const span = (id: number) => ({ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, id), name: `s${id}`, attributes: [kv('a', String(id))], events: [{ name: 'e', timeUnixNano: '5' }] });
const trace = {
  resourceSpans: [
    { resource: { attributes: [kv('service.name', 'one')] }, scopeSpans: [{ scope: { name: 'x' }, spans: [span(1), span(2)] }, { spans: [span(3)] }], schemaUrl: 'u' },
    { scopeSpans: [{ spans: [span(4)] }] },
  ],
};
const plain = (type: typeof TYPES.traceRequest, bytes: Uint8Array) => type.toObject(type.decode(bytes), { longs: String, bytes: String });

t.test('spliced attributes decode exactly as a re-encode of the annotated request', async (t) => {
  const received = encodeTraceRequest(trace);
  const extra = [[kv('vigil.risk.level', 'none')], [kv('vigil.risk.level', 'high'), kv('vigil.rules', 'r')], [], [kv('vigil.risk.level', 'low')]];
  const spliced = appendAttributes('traces', received, extra);
  const annotated = decodeTraceRequest(received);
  let i = 0;
  for (const rs of annotated.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) s.attributes?.push(...extra[i++]);
  t.same(plain(TYPES.traceRequest, spliced), plain(TYPES.traceRequest, encodeTraceRequest(annotated)));
});

t.test('log records too', async (t) => {
  const logs = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'b1' } }, { body: { stringValue: 'b2' }, attributes: [kv('k', 'v')] }] }] }] };
  const spliced = appendAttributes('logs', encodeLogsRequest(logs), [[kv('vigil.risk.score', '0')], [kv('vigil.risk.score', '1')]]);
  const decoded = decodeLogsRequest(spliced);
  t.same(decoded.resourceLogs?.[0].scopeLogs?.[0].logRecords?.map((l) => l.attributes?.map((a) => a.key)), [['vigil.risk.score'], ['k', 'vigil.risk.score']]);
});

t.test('fields the schema does not know are carried through untouched', async (t) => {
  const received = encodeTraceRequest(trace);
  const unknown = Buffer.from([0xf8, 0x06, 0x2a]); // field 111, varint 42, at the request level
  const spliced = appendToItems(Buffer.concat([received, unknown]), [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)]);
  t.same(spliced.subarray(spliced.length - 3), unknown);
  t.same(spliced.subarray(0, received.length), received, 'nothing appended: the bytes are the same');
});

t.test('items and annotations must pair up', async (t) => {
  const received = encodeTraceRequest(trace);
  t.throws(() => appendToItems(received, [new Uint8Array(0)]), /more items/);
  t.throws(() => appendToItems(received, Array.from({ length: 5 }, () => new Uint8Array(0))), /fewer items/);
  t.throws(() => appendToItems(received.subarray(0, received.length - 3), Array.from({ length: 4 }, () => new Uint8Array(0))));
});
