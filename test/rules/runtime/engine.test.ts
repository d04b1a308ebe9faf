import t from 'tap';
import type { CompiledRule, Detection } from '../../../src/rules/compiled.js';
import { MemoryStore, type StateStore } from '../../../src/store/index.js';
import { BASE_MS, engineOf, eventAt, feed, singleRule, thresholdRule, tool } from '../../helpers/rules.js';

const bash = singleRule('bash', tool('bash'), { field: 'tool.name', values: ['bash'] }, { score: 40, severity: 'medium' });
const anyTool = singleRule('any_tool', (e) => e.normalizedField('tool.name') !== undefined, { field: 'tool.name' }, { score: 70 });

t.test('per event: the single-event rules it matched, in rule-set order, and one detection each', async (t) => {
  const events = [eventAt(0, { 'gen_ai.tool.name': 'bash' }), eventAt(1, { 'gen_ai.tool.name': 'python' }), eventAt(2)];
  const { matched, detections } = await engineOf([bash, anyTool]).evaluate(events);
  t.same(matched.map((rules) => rules.map((r) => r.id)), [['bash', 'any_tool'], ['any_tool'], []]);
  t.same(detections.map((d) => [d.ruleId, d.kind, d.events[0].spanId]), [
    ['bash', 'single', events[0].spanId],
    ['any_tool', 'single', events[0].spanId],
    ['any_tool', 'single', events[1].spanId],
  ]);
  const [d] = detections;
  t.same(d.group, {});
  t.equal(d.timeMs, BASE_MS);
  t.equal(d.message, `bash at ${events[0].spanId}`);
  t.same(d.events[0], { traceId: events[0].traceId, spanId: events[0].spanId, signal: 'span', timeUnixNano: events[0].timeUnixNano });
});

t.test('detection ids are stable: same rule and events, same id; another event, another id', async (t) => {
  const event = eventAt(0, { 'gen_ai.tool.name': 'bash' });
  const first = (await engineOf([bash]).evaluate([event])).detections[0].id;
  const again = (await engineOf([bash]).evaluate([event])).detections[0].id;
  const other = (await engineOf([bash]).evaluate([eventAt(0, { 'gen_ai.tool.name': 'bash' })])).detections[0].id;
  t.match(first, /^[0-9a-f]{32}$/);
  t.equal(again, first);
  t.not(other, first);
});

t.test('a rule that throws is counted per rule and skipped; the event and the other rules go on', async (t) => {
  const errors: string[] = [];
  const broken = singleRule('broken', () => { throw new Error('boom'); });
  const badMessage = singleRule('bad_message', () => true, undefined, { message: () => { throw new Error('template'); } });
  const engine = engineOf([broken, bash, badMessage], { metrics: { ruleError: (id) => errors.push(id) } });
  const { matched, detections } = await engine.evaluate([eventAt(0, { 'gen_ai.tool.name': 'bash' }), eventAt(1)]);
  t.same(errors, ['broken', 'bad_message', 'broken', 'bad_message']);
  t.same(matched.map((rules) => rules.map((r) => r.id)), [['bash', 'bad_message'], ['bad_message']]);
  t.equal(detections.find((d) => d.ruleId === 'bad_message')?.message, 'title of bad_message', 'a failing template falls back to the title');
});

t.test('metrics hooks see loaded rules and every detection', async (t) => {
  const loaded: Record<string, number>[] = [];
  const seen: Detection[] = [];
  const rules = [bash, thresholdRule('flood', { op: '>', bound: 0, windowMs: 1000 })];
  const engine = engineOf(rules, { metrics: { rulesLoaded: (counts) => loaded.push({ ...counts }), detection: (d) => seen.push(d) } });
  const { detections } = await engine.evaluate([eventAt(0, { 'gen_ai.tool.name': 'bash' })]);
  t.same(loaded, [{ single: 1, threshold: 1, sequence: 0 }]);
  t.same(seen.map((d) => [d.ruleId, d.severity]), [['bash', 'medium'], ['flood', 'high']]);
  t.same(seen, detections);
});

t.test('swap keeps the state of rules with the same id and fingerprint, and drops the rest', async (t) => {
  const flood = (fingerprint?: string): CompiledRule => ({ ...thresholdRule('flood', { op: '>', bound: 1, windowMs: 60_000 }), fingerprint });
  const s1 = (ms: number) => eventAt(ms, { 'session.id': 's1' });
  const kept = engineOf([flood('v1')]);
  await feed(kept, [s1(0)]);
  kept.swap([flood('v1')]);
  t.equal((await feed(kept, [s1(1)])).length, 1, 'same fingerprint: the first event still counts');
  for (const [from, to] of [['v1', 'v2'], [undefined, undefined]] as const) {
    const reset = engineOf([flood(from)]);
    await feed(reset, [s1(0)]);
    reset.swap([flood(to)]);
    t.equal((await feed(reset, [s1(1)])).length, 0, `fingerprint ${from} then ${to}: state starts afresh`);
  }
  const forgotten: string[][] = [];
  const store = new MemoryStore({ maxGroups: 10, maxPartialSequences: 10 });
  const spy: StateStore = { apply: (r) => store.apply(r), write: (w) => store.write(w), forget: async (p) => void forgotten.push([...p]) };
  const engine = engineOf([flood('v1'), bash], { store: spy });
  engine.swap([flood('v1')]);
  await feed(engine, [s1(0)]);
  t.same(forgotten, [['bash@load-0\u001e']], 'only the removed rule');
});

t.test('a failing store costs the batch its stateful detections, never the single-event ones', async (t) => {
  const failures: unknown[] = [];
  const broken: StateStore = { apply: async () => { throw new Error('down'); }, write: () => {}, forget: async () => {} };
  const engine = engineOf([bash, thresholdRule('flood', { op: '>', bound: 0, windowMs: 1000 })], { store: broken, metrics: { stateError: (e) => failures.push(e) } });
  const { detections, matched } = await engine.evaluate([eventAt(0, { 'gen_ai.tool.name': 'bash' })]);
  t.same(detections.map((d) => d.ruleId), ['bash']);
  t.equal(matched[0].length, 1);
  t.equal(failures.length, 1);
  t.equal((await engine.evaluate([eventAt(1)])).detections.length, 0, 'the next batch runs again');
  t.equal(failures.length, 2);
});

t.test('a batch that feeds no threshold or sequence costs no state round trip', async (t) => {
  let trips = 0;
  const store = new MemoryStore({ maxGroups: 10, maxPartialSequences: 10 });
  const counting: StateStore = { apply: (r) => (trips++, store.apply(r)), write: (w) => store.write(w), forget: (p) => store.forget(p) };
  const flood = thresholdRule('flood', { op: '>', bound: 5, windowMs: 1000 }, tool('bash'));
  const engine = engineOf([bash, flood], { store: counting });
  await engine.evaluate([eventAt(0), eventAt(1, { 'gen_ai.tool.name': 'python' })]);
  t.equal(trips, 0);
  await engine.evaluate([eventAt(2, { 'gen_ai.tool.name': 'bash' }), eventAt(3, { 'gen_ai.tool.name': 'bash' })]);
  t.equal(trips, 1, 'one round trip for the whole batch');
});
