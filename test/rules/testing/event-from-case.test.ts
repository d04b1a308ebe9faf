import t from 'tap';
import { CASE_BASE_TIME_MS, eventFromCase } from '../../../src/rules/index.js';

t.test('attributes and resource become OTLP values the event model reads', async (t) => {
  const event = eventFromCase({
    attributes: { 'gen_ai.tool.name': 'bash', n: 3, x: 1.5, ok: true, list: ['a', 1], map: { k: 'v' }, none: null },
    resource: { 'service.name': 'agent' },
  });
  t.equal(event.signal, 'span');
  t.equal(event.normalizedField('tool.name'), 'bash');
  t.equal(event.attribute('n'), 3);
  t.equal(event.attribute('x'), 1.5);
  t.equal(event.attribute('ok'), true);
  t.same(event.attribute('list'), ['a', 1]);
  t.same({ ...(event.attribute('map') as object) }, { k: 'v' });
  t.equal(event.attribute('none'), undefined);
  t.equal(event.resourceAttribute('service.name'), 'agent');
});

t.test('span basics and time offsets', async (t) => {
  const event = eventFromCase({ name: 'execute_tool bash', kind: 'client', status: 'error', at: '30s' });
  t.equal(event.name, 'execute_tool bash');
  t.equal(event.kind, 'client');
  t.equal(event.statusCode, 'error');
  t.equal(event.timeMs, CASE_BASE_TIME_MS + 30_000);
  t.equal(eventFromCase({ at: 250 }, { baseTimeMs: 1000 }).timeMs, 1250);
});

t.test('log records: explicit, or implied by body / event_name / severity', async (t) => {
  const log = eventFromCase({ event_name: 'gen_ai.user.message', body: { content: 'hi' }, severity: 'warn' });
  t.equal(log.signal, 'log');
  t.equal(log.eventName, 'gen_ai.user.message');
  t.equal(log.severityNumber, 13);
  t.equal(log.severityText, 'warn');
  t.equal(log.bodyText, '{"content":"hi"}');
  t.equal(eventFromCase({ signal: 'log', name: 'x' }).name, 'x', 'a log\'s name is its event name');
  t.equal(eventFromCase({ severity: 9 }).severityNumber, 9);
});

t.test('ids look random, are distinct, and repeat for the same sequence number', async (t) => {
  const a = eventFromCase({}, { sequence: 1 });
  const b = eventFromCase({}, { sequence: 2 });
  t.match(a.traceId, /^[0-9a-f]{32}$/);
  t.match(a.spanId, /^[0-9a-f]{16}$/);
  t.not(a.spanId, b.spanId);
  t.equal(eventFromCase({}, { sequence: 1 }).spanId, a.spanId);
  t.not(eventFromCase({}).spanId, eventFromCase({}).spanId, 'the default counter moves on');
});

t.test('mistakes in a case are errors that say what is allowed', async (t) => {
  t.throws(() => eventFromCase({ atributes: {} } as never), { message: /^unknown event key atributes; keys are signal, name, / });
  t.throws(() => eventFromCase({ kind: 'sideways' }), { message: 'event `kind` is sideways; expected one of unspecified, internal, server, client, producer, consumer' });
  t.throws(() => eventFromCase({ status: 'fine' }), { message: /^event `status` is fine/ });
  t.throws(() => eventFromCase({ at: '5 minutes' }), { message: /^event `at` is 5 minutes/ });
  t.throws(() => eventFromCase({ severity: 'LOUD' }), { message: /^event `severity` is LOUD/ });
  t.throws(() => eventFromCase({ signal: 'metric' as never }), { message: 'event `signal` is metric; expected span or log' });
});
