import t from 'tap';
import type { AgentEvent } from '../../../src/event/index.js';
import { BASE_MS, engineOf, eventAt, feed, field, spanIds, thresholdRule } from '../../helpers/rules.js';

const MINUTE = 60_000;
const s1 = (offsetMs: number, extra: Record<string, string | number> = {}) => eventAt(offsetMs, { 'session.id': 's1', ...extra });
const s2 = (offsetMs: number) => eventAt(offsetMs, { 'session.id': 's2' });
const countOver2 = thresholdRule('flood', { op: '>', bound: 2, windowMs: MINUTE }, () => true, { message: (e) => `flood in ${e.normalizedField('session.id')}` });

t.test('count: fires once the aggregate passes, with the aggregate and every event in the window', async (t) => {
  const events = [s1(0), s1(20_000), s1(40_000)];
  const detections = await feed(engineOf([countOver2]), events);
  t.equal(detections.length, 1);
  const [d] = detections;
  t.equal(d.kind, 'threshold');
  t.equal(d.value, 3);
  t.same(d.group, { 'session.id': 's1' });
  t.same(spanIds(d), events.map((e) => e.spanId), 'all three, in event-time order');
  t.equal(d.timeMs, BASE_MS + 40_000);
  t.equal(d.message, 'flood in s1');
});

t.test('an event exactly one window before the last is outside; a millisecond later inside', async (t) => {
  t.equal((await feed(engineOf([countOver2]), [s1(0), s1(30_000), s1(60_000)])).length, 0);
  t.equal((await feed(engineOf([countOver2]), [s1(1), s1(30_000), s1(60_000)])).length, 1);
});

t.test('groups are never mixed', async (t) => {
  const engine = engineOf([countOver2]);
  t.equal((await feed(engine, [s1(0), s2(1), s1(2), s2(3)])).length, 0, 'two per session, four in all');
  const [d, ...rest] = await feed(engine, [s1(4)]);
  t.equal(rest.length, 0);
  t.same(d.group, { 'session.id': 's1' });
  t.equal(d.value, 3);
});

t.test('no storm: one detection per burst, another after a full quiet window', async (t) => {
  const engine = engineOf([countOver2]);
  const burst = Array.from({ length: 50 }, (_, i) => s1(i * 1000));
  t.equal((await feed(engine, burst)).length, 1, 'fifty events, one detection');
  t.equal((await feed(engine, [s1(100_000), s1(101_000), s1(102_000)])).length, 0, 'passing again 51 s after the last pass (49 s): the same episode');
  const again = await feed(engine, [s1(170_000), s1(171_000), s1(172_000)]);
  t.equal(again.length, 1, 'quiet for more than a window: fires again');
  t.equal(again[0].value, 3);
});

t.test('distinct and sum', async (t) => {
  const hosts = thresholdRule('hosts', { aggregate: 'distinct', field: field('url.host'), fieldName: 'url.host', op: '>', bound: 2, windowMs: MINUTE });
  const host = (ms: number, name: string) => s1(ms, { 'server.address': name });
  const [d] = await feed(engineOf([hosts]), [host(0, 'a.example'), host(1, 'b.example'), host(2, 'a.example'), s1(3), host(4, 'c.example')]);
  t.equal(d.value, 3);
  t.equal(d.events.length, 4, 'the event without a host counts for nothing');
  const tokens = thresholdRule('tokens', { aggregate: 'sum', field: field('tokens.input'), fieldName: 'tokens.input', op: '>=', bound: 1100, windowMs: MINUTE });
  const used = (ms: number, n: number) => s1(ms, { 'gen_ai.usage.input_tokens': n });
  const detections = await feed(engineOf([tokens]), [used(0, 400), used(1, 600), used(2, 100)]);
  t.same(detections.map((x) => x.value), [1100]);
});

t.test('the involved events are capped, keeping the latest', async (t) => {
  const events = Array.from({ length: 6 }, (_, i) => s1(i));
  const rule = thresholdRule('five', { op: '>', bound: 5, windowMs: MINUTE });
  const [d] = await feed(engineOf([rule], { maxEventsPerDetection: 2 }), events);
  t.equal(d.value, 6);
  t.same(spanIds(d), [events[4].spanId, events[5].spanId]);
});

t.test('out of order within the lateness: counted in the windows it belongs to', async (t) => {
  const engine = engineOf([countOver2], { latenessMs: 30_000 });
  t.equal((await feed(engine, [s1(10_000), s1(50_000), s1(70_000)])).length, 0);
  const late = s1(40_000);
  const [d] = await feed(engine, [late]);
  t.equal(d.value, 3, 'the window ending at 50 s holds 10 s, 40 s and 50 s');
  t.equal(d.timeMs, BASE_MS + 50_000);
  t.ok(spanIds(d).includes(late.spanId));
});

t.test('events older than the lateness, or marked late, never enter a window', async (t) => {
  const engine = engineOf([countOver2], { latenessMs: 30_000 });
  t.equal((await feed(engine, [s1(100_000), s1(101_000)])).length, 0);
  const marked: AgentEvent = s1(100_500);
  marked.late = true;
  t.equal((await feed(engine, [s1(70_999), marked])).length, 0, '70.999 s is older than 101 s − 30 s');
  t.equal((await feed(engine, [s1(71_000)])).length, 1, 'the watermark itself is still in time');
});

t.test('a threshold whose condition or group throws is counted and skipped', async (t) => {
  const errors: string[] = [];
  const throwing = thresholdRule('bad', { op: '>', bound: 0, windowMs: MINUTE, groupBy: [() => { throw new Error('boom'); }] });
  const engine = engineOf([throwing, countOver2], { metrics: { ruleError: (id) => errors.push(id) } });
  const detections = await feed(engine, [s1(0), s1(1), s1(2)]);
  t.same(errors, ['bad', 'bad', 'bad']);
  t.same(detections.map((d) => d.ruleId), ['flood'], 'the other rule still fires');
});
