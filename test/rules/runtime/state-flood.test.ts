import t from 'tap';
import type { Detection } from '../../../src/rules/compiled.js';
import { FLOOD_RULE_ID } from '../../../src/rules/runtime/flood-alarm.js';
import { MemoryStore, type EvictionKind } from '../../../src/store/index.js';
import { BASE_MS, engineOf, eventAt, thresholdRule, tool } from '../../helpers/rules.js';

const calls = thresholdRule('tool_calls', { op: '>', bound: 100, windowMs: 60_000 }, tool('bash'));
const call = (offsetMs: number, session: string) => eventAt(offsetMs, { 'session.id': session, 'gen_ai.tool.name': 'bash' });

t.test("100,000 new sessions do not silence a victim session's 110 tool calls", async (t) => {
  const evictions: [EvictionKind, number][] = [];
  const store = new MemoryStore({ maxGroups: 1_000, maxPartialSequences: 1_000, onEvict: (kind, n) => evictions.push([kind, n]) });
  const engine = engineOf([calls], { store, now: () => BASE_MS });
  const detections: Detection[] = [];
  const run = async (events: ReturnType<typeof call>[]) => detections.push(...(await engine.evaluate(events)).detections);
  await run(Array.from({ length: 50 }, (_, i) => call(i, 'victim')));
  for (let b = 0; b < 100; b++) await run(Array.from({ length: 1_000 }, (_, i) => call(100 + b, `throwaway-${b}-${i}`)));
  await run(Array.from({ length: 60 }, (_, i) => call(200 + i, 'victim')));
  const fired = detections.filter((d) => d.ruleId === 'tool_calls');
  t.equal(fired.length, 1, 'the threshold fired');
  t.same(fired[0].group, { 'session.id': 'victim' });
  t.equal(fired[0].value, 101);
  const floods = detections.filter((d) => d.ruleId === FLOOD_RULE_ID);
  t.equal(floods.length, 1, 'the flood is itself a detection, once per minute');
  t.same(floods[0].group, { rule: 'tool_calls' });
  t.ok(evictions.length > 90_000, 'the throw-away groups were evicted, and counted');
});

t.test('progress evicted anyway is told on that group’s next event, once', async (t) => {
  const engine = engineOf([calls], { store: new MemoryStore({ maxGroups: 2, maxPartialSequences: 10 }) });
  await engine.evaluate([call(0, 'a'), call(1, 'a'), call(2, 'b'), call(3, 'b'), call(4, 'c'), call(5, 'c')]);
  const next = await engine.evaluate([call(6, 'a'), call(7, 'c')]);
  t.same(next.lost, [['tool_calls'], undefined], "a, the oldest with progress, was evicted: its next event says so; c was kept");
  t.same((await engine.evaluate([call(8, 'a')])).lost, [undefined], 'told once');
});

t.test('a flood on one rule never evicts the groups of another', async (t) => {
  const other = thresholdRule('other', { op: '>', bound: 2, windowMs: 60_000 }, tool('python'));
  const engine = engineOf([calls, other], { store: new MemoryStore({ maxGroups: 200, maxPartialSequences: 10, maxPerRule: 100 }) });
  const py = (offsetMs: number) => eventAt(offsetMs, { 'session.id': 'p', 'gen_ai.tool.name': 'python' });
  await engine.evaluate([py(0)]);
  await engine.evaluate(Array.from({ length: 1_000 }, (_, i) => call(1, `x${i}`)));
  const { detections } = await engine.evaluate([py(2), py(3)]);
  t.same(detections.map((d) => d.ruleId), ['other'], 'its one idle group survived the flood on tool_calls');
});
