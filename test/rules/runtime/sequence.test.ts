import t from 'tap';
import type { AgentEvent } from '../../../src/event/index.js';
import type { EvictionKind } from '../../../src/store/index.js';
import { BASE_MS, engineOf, eventAt, feed, sequenceRule, spanIds, tool } from '../../helpers/rules.js';

const MINUTE = 60_000;
const on = (session: string, toolName: string, offsetMs: number, extra: Record<string, string> = {}) =>
  eventAt(offsetMs, { 'session.id': session, 'gen_ai.tool.name': toolName, ...extra });
const steps = (...names: string[]) => names.map((name): [string, (e: AgentEvent) => boolean] => [name, tool(name)]);
const twoStep = sequenceRule('a_then_b', steps('a', 'b'), MINUTE, {}, {
  message: (e, earlier) => `${earlier?.map((x) => x.normalizedField('tool.name')).join('>')} ending ${e.spanId}`,
});

t.test('two steps: one detection naming every event by step, in order', async (t) => {
  const a = on('s1', 'a', 0);
  const b = on('s1', 'b', 30_000);
  const detections = await feed(engineOf([twoStep]), [a, on('s1', 'x', 10_000), b]);
  t.equal(detections.length, 1);
  const [d] = detections;
  t.equal(d.kind, 'sequence');
  t.same(d.events.map((e) => [e.spanId, e.step]), [[a.spanId, 'a'], [b.spanId, 'b']]);
  t.same(d.group, { 'session.id': 's1' });
  t.equal(d.timeMs, BASE_MS + 30_000);
  t.equal(d.message, `a>b ending ${b.spanId}`, 'the message reads every step');
});

t.test('five steps fire only in order', async (t) => {
  const rule = sequenceRule('five', steps('a', 'b', 'c', 'd', 'e'), MINUTE);
  const inOrder = ['a', 'b', 'c', 'd', 'e'].map((name, i) => on('s1', name, i * 1000));
  const [d, ...rest] = await feed(engineOf([rule]), inOrder);
  t.equal(rest.length, 0);
  t.same(spanIds(d), inOrder.map((e) => e.spanId));
  t.same(d.events.map((e) => e.step), ['a', 'b', 'c', 'd', 'e']);
  const swapped = ['a', 'b', 'd', 'c', 'e'].map((name, i) => on('s1', name, i * 1000));
  t.equal((await feed(engineOf([rule]), swapped)).length, 0);
});

t.test('a step reads the events of earlier steps', async (t) => {
  const host = (e: AgentEvent) => e.normalizedField('url.host');
  const rule = sequenceRule('secret_then_egress', [
    ['secret', (e) => e.normalizedField('file.path') === '/home/dev/.env'],
    ['egress', (e, earlier) => host(e) !== undefined && host(e) !== host(earlier[0])],
  ], MINUTE);
  const secret = (ms: number) => eventAt(ms, { 'session.id': 's1', 'file.path': '/home/dev/.env', 'server.address': 'vault.internal' });
  const egress = (ms: number, to: string) => eventAt(ms, { 'session.id': 's1', 'server.address': to });
  t.equal((await feed(engineOf([rule]), [secret(0), egress(1000, 'vault.internal')])).length, 0, 'same host as the secret step');
  t.equal((await feed(engineOf([rule]), [secret(0), egress(1000, 'paste.example')])).length, 1);
});

t.test('different sessions are never joined', async (t) => {
  t.equal((await feed(engineOf([twoStep]), [on('s1', 'a', 0), on('s2', 'b', 1000)])).length, 0);
});

t.test('the window is measured from the first step; a step a full window later is out', async (t) => {
  t.equal((await feed(engineOf([twoStep]), [on('s1', 'a', 0), on('s1', 'b', MINUTE)])).length, 0);
  t.equal((await feed(engineOf([twoStep]), [on('s1', 'a', 0), on('s1', 'b', MINUTE - 1)])).length, 1);
  const three = sequenceRule('three', steps('a', 'b', 'c'), MINUTE);
  t.equal((await feed(engineOf([three]), [on('s1', 'a', 0), on('s1', 'b', 50_000), on('s1', 'c', 61_000)])).length, 0);
});

t.test('until cancels the partial sequences of its group only', async (t) => {
  const rule = sequenceRule('cancellable', steps('a', 'b'), MINUTE, { until: tool('end') });
  const engine = engineOf([rule]);
  const detections = await feed(engine, [on('s1', 'a', 0), on('s2', 'a', 1), on('s1', 'end', 2), on('s1', 'b', 3), on('s2', 'b', 4)]);
  t.same(detections.map((d) => d.group['session.id']), ['s2']);
  t.equal((await feed(engine, [on('s1', 'a', 5), on('s1', 'b', 6)])).length, 1, 'a new sequence after the cancel');
});

t.test('out of order within the lateness: matched in event-time order, reported once', async (t) => {
  const b = on('s1', 'b', 10_000);
  const a = on('s1', 'a', 5_000);
  const [d, ...rest] = await feed(engineOf([twoStep], { latenessMs: 30_000 }), [b, a]);
  t.equal(rest.length, 0, 'b arrived first, a second: one detection');
  t.same(spanIds(d), [a.spanId, b.spanId], 'listed in event-time order');
  const inOneBatch = await engineOf([twoStep]).evaluate([on('s1', 'b', 2), on('s1', 'a', 1)]);
  t.equal(inOneBatch.detections.length, 1, 'a shuffled batch too');
  const engine = engineOf([twoStep], { latenessMs: 30_000 });
  t.equal((await feed(engine, [on('s1', 'a', 0), on('s1', 'b', 10_000)])).length, 1);
  t.equal((await feed(engine, [on('s1', 'x', 5_000)])).length, 0, 'the replay finds the same sequence and does not report it again');
});

t.test('an event older than the lateness does not enter sequences', async (t) => {
  const engine = engineOf([twoStep], { latenessMs: 30_000 });
  t.equal((await feed(engine, [on('s1', 'b', 40_000), on('s1', 'a', 9_999)])).length, 0);
});

t.test('an event advances the oldest partial only; each completed sequence fires once', async (t) => {
  const [a1, a2, b1, b2] = [on('s1', 'a', 0), on('s1', 'a', 1), on('s1', 'b', 2), on('s1', 'b', 3)];
  const detections = await feed(engineOf([twoStep]), [a1, a2, b1, b2]);
  t.same(detections.map(spanIds), [[a1.spanId, b1.spanId], [a2.spanId, b2.spanId]]);
});

t.test('partials beyond the per-group cap evict the oldest, counted', async (t) => {
  const evictions: [EvictionKind, number][] = [];
  const engine = engineOf([twoStep], { maxPartialsPerGroup: 2, metrics: { evicted: (kind, n) => evictions.push([kind, n]) } });
  const starts = [on('s1', 'a', 0), on('s1', 'a', 1), on('s1', 'a', 2)];
  const [d] = await feed(engine, [...starts, on('s1', 'b', 3)]);
  t.same(evictions, [['partial-sequence', 1]]);
  t.equal(d.events[0].spanId, starts[1].spanId, 'the first partial was evicted');
});

t.test('a flood of first steps never evicts a partial that got further', async (t) => {
  const threeStep = sequenceRule('a_b_c', steps('a', 'b', 'c'), MINUTE);
  const engine = engineOf([threeStep], { maxPartialsPerGroup: 4 });
  const victim = [on('s1', 'a', 0), on('s1', 'b', 1)];
  const flood = Array.from({ length: 50 }, () => on('s1', 'a', 2)); // a burst at one instant
  const last = on('s1', 'c', 20);
  const detections = await feed(engine, [...victim, ...flood]);
  t.same(detections, []);
  const [d] = await feed(engine, [last]);
  t.same(spanIds(d), [...victim, last].map((e) => e.spanId), 'the victim at step 2 survived fifty first steps');
});

t.test('a step that throws is counted and skipped for that event', async (t) => {
  const errors: string[] = [];
  const bad = sequenceRule('bad', [['a', () => { throw new Error('boom'); }], ['b', tool('b')]], MINUTE);
  const engine = engineOf([bad, twoStep], { metrics: { ruleError: (id) => errors.push(id) } });
  const detections = await feed(engine, [on('s1', 'a', 0), on('s1', 'b', 1)]);
  t.same(errors, ['bad', 'bad']);
  t.same(detections.map((d) => d.ruleId), ['a_then_b']);
});

t.test('batches evaluated concurrently still see each other', async (t) => {
  const engine = engineOf([twoStep]);
  const [first, second] = await Promise.all([engine.evaluate([on('s1', 'a', 0)]), engine.evaluate([on('s1', 'b', 1)])]);
  t.equal(first.detections.length + second.detections.length, 1);
});
