import t from 'tap';
import { AgentEvent, eventsFromLogs, eventsFromTraces, resolveField, resolveMapField } from '../../src/event/index.js';
import { keyValues } from '../helpers/spans.js';

const traceId = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex');
const spanId = Buffer.from('b7ad6b7169203331', 'hex');

t.test('span basics are read lazily and exactly', async (t) => {
  const [event] = eventsFromTraces({
    resourceSpans: [{
      resource: { attributes: keyValues({ 'service.name': 'svc' }) },
      scopeSpans: [{
        scope: { name: 'agent-sdk', version: '1.2.3' },
        spans: [{ traceId, spanId, parentSpanId: Buffer.alloc(8, 9), name: 'execute_tool bash', kind: 3, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000250000123', status: { code: 2, message: 'boom' }, attributes: keyValues({ a: 1 }) }],
      }],
    }],
  });
  t.equal(event.signal, 'span');
  t.equal(event.traceId, '0af7651916cd43dd8448eb211c80319c');
  t.equal(event.spanId, 'b7ad6b7169203331');
  t.equal(event.parentSpanId, '0909090909090909');
  t.equal(event.kind, 'client');
  t.equal(event.statusCode, 'error');
  t.equal(event.statusMessage, 'boom');
  t.ok(Math.abs(event.timeMs - 1700000000250) < 0.001, 'event time is the span end');
  t.equal(event.timeUnixNano, '1700000000250000123');
  t.ok(Math.abs(event.durationMs - 250) < 0.001);
  t.equal(resolveField('scope.version')?.get(event), '1.2.3');
  t.equal(resolveField('service.name')?.get(event), 'svc');
  t.equal(resolveMapField('attributes', 'a')?.get(event), 1);
  t.equal(resolveMapField('resource', 'service.name')?.get(event), 'svc');
  t.equal(resolveField('no.such.field'), undefined);
});

t.test('log basics, and observed time when the record has no time', async (t) => {
  const [event] = eventsFromLogs({
    resourceLogs: [{ scopeLogs: [{ logRecords: [{ observedTimeUnixNano: '1700000001000000000', severityNumber: 17, severityText: 'ERROR', body: { kvlistValue: { values: keyValues({ msg: 'x' }) } }, traceId, spanId }] }] }],
  });
  t.equal(event.signal, 'log');
  t.equal(event.timeMs, 1700000001000);
  t.equal(event.timeUnixNano, '1700000001000000000');
  t.equal(event.severityNumber, 17);
  t.equal(event.bodyText, '{"msg":"x"}');
  t.equal(event.spanId, 'b7ad6b7169203331');
});

t.test('large attribute lists, duplicate keys and hostile keys', async (t) => {
  const attrs = keyValues(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i])));
  attrs.push({ key: 'k3', value: { intValue: 999 } }, { key: '__proto__', value: { stringValue: 'polluted' } });
  const event = AgentEvent.fromSpan({ attributes: attrs }, null, null);
  t.equal(event.attribute('k39'), 39);
  t.equal(event.attribute('k3'), 3, 'the first of duplicate keys wins, as in the linear scan');
  t.equal(event.attribute('__proto__'), 'polluted');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was touched');
});

t.test('deeply nested values are cut, not recursed without bound', async (t) => {
  let value: { kvlistValue: { values: { key: string; value: unknown }[] } } | { stringValue: string } = { stringValue: 'leaf' };
  for (let i = 0; i < 10_000; i++) value = { kvlistValue: { values: [{ key: 'n', value }] } };
  const event = AgentEvent.fromSpan({ attributes: [{ key: 'deep', value: value as never }] }, null, null);
  t.type(event.attribute('deep'), 'object');
});
