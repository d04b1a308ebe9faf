import t from 'tap';
import type { Span, TraceRequest } from '../../../src/event/index.js';
import { dropInvalidLogRecords, dropInvalidSpans } from '../../../src/receivers/otlp/validate.js';

const ok = (name: string, extra: Partial<Span> = {}): Span => ({ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name, ...extra });

t.test('valid requests are left exactly as they are', async (t) => {
  const spans = [ok('a'), ok('b', { parentSpanId: Buffer.alloc(8, 3) }), ok('c', { parentSpanId: Buffer.alloc(0) })];
  const request: TraceRequest = { resourceSpans: [{ scopeSpans: [{ spans }] }] };
  t.equal(dropInvalidSpans(request), undefined);
  t.equal(request.resourceSpans?.[0].scopeSpans?.[0].spans, spans, 'the same array, nothing copied');
  t.equal(dropInvalidSpans({}), undefined, 'an empty request');
});

t.test('each kind of invalid span id is removed and counted', async (t) => {
  const request: TraceRequest = {
    resourceSpans: [
      { scopeSpans: [{ spans: [ok('keep 1'), ok('no trace id', { traceId: undefined })] }] },
      {
        scopeSpans: [
          { spans: [] },
          {
            spans: [
              ok('zero span id', { spanId: Buffer.alloc(8) }),
              ok('long trace id', { traceId: Buffer.alloc(17, 1) }),
              ok('keep 2'),
              ok('short parent', { parentSpanId: Buffer.alloc(4, 1) }),
            ],
          },
        ],
      },
    ],
  };
  const rejection = dropInvalidSpans(request);
  t.equal(rejection?.count, 4);
  t.equal(rejection?.message, '4 spans rejected: trace_id must be 16 bytes and not all zero (first at resource_spans[0].scope_spans[0].spans[1])');
  const names = request.resourceSpans?.flatMap((rs) => rs.scopeSpans?.flatMap((ss) => ss.spans?.map((s) => s.name) ?? []) ?? []);
  t.same(names, ['keep 1', 'keep 2']);
});

t.test('log ids are optional but must have their length when present', async (t) => {
  const logRecords = [{ body: { stringValue: 'no ids' } }, { traceId: Buffer.alloc(16), spanId: Buffer.alloc(8) }, { spanId: Buffer.alloc(9, 1) }, { traceId: Buffer.alloc(15, 1) }];
  const request = { resourceLogs: [{ scopeLogs: [{ logRecords }] }] };
  const rejection = dropInvalidLogRecords(request);
  t.equal(rejection?.count, 2);
  t.equal(rejection?.message, '2 log records rejected: span_id must be empty or 8 bytes (first at resource_logs[0].scope_logs[0].log_records[2])');
  t.equal(request.resourceLogs[0].scopeLogs[0].logRecords.length, 2);
});
