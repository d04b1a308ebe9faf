import t from 'tap';
import { AgentEvent } from '../../../src/event/index.js';
import { MemoryStore } from '../../../src/store/index.js';
import { engineOf, eventAt, sequenceRule, singleRule, thresholdRule, tool } from '../../helpers/rules.js';

/** The same spans as a retrying exporter sends them again: decoded afresh, same ids and content. */
const redelivered = (events: readonly AgentEvent[]): AgentEvent[] => events.map((e) => AgentEvent.fromSpan(e.span!, e.scope, e.resource));

const bash = singleRule('bash', tool('bash'), { field: 'tool.name', values: ['bash'] });
const flood = thresholdRule('flood', { op: '>=', bound: 3, windowMs: 60_000 }, tool('bash'));
const readThenSend = sequenceRule('read_then_send', [['read', tool('read_file')], ['send', tool('http_post')]], 60_000);
const s1 = (offsetMs: number, name: string) => eventAt(offsetMs, { 'session.id': 's1', 'gen_ai.tool.name': name });

t.test('the same batch twice: each detection raised once, each event counted once, the same annotation', async (t) => {
  const engine = engineOf([bash, flood, readThenSend]);
  const batch = [s1(0, 'bash'), s1(1, 'read_file'), s1(2, 'bash'), s1(3, 'http_post'), s1(4, 'bash')];
  const first = await engine.evaluate(batch);
  t.same(first.detections.map((d) => d.ruleId).sort(), ['bash', 'bash', 'bash', 'flood', 'read_then_send']);
  t.same(first.repeated, [undefined, undefined, undefined, undefined, undefined]);

  const second = await engine.evaluate(redelivered(batch));
  t.same(second.detections, [], 'nothing raised again');
  t.same(second.matched.map((m) => m.map((r) => r.id)), first.matched.map((m) => m.map((r) => r.id)), 'the same single-event matches');
  const flooded = first.detections.find((d) => d.ruleId === 'flood')!;
  const note = { id: flooded.id, ruleId: 'flood', severity: flooded.severity, score: flooded.score, tags: flooded.tags };
  t.same(second.repeated[4]?.map((n) => n.ruleId).sort(), ['flood'], 'the event that completed the threshold carries it again');
  t.same(second.repeated[0]?.find((n) => n.ruleId === 'flood'), note);
  t.same(second.repeated[1]?.map((n) => n.ruleId), ['read_then_send']);
});

t.test('a redelivery counts once, in a later batch or in the same one', async (t) => {
  const engine = engineOf([flood]);
  const a = s1(0, 'bash');
  const b = s1(1, 'bash');
  t.same((await engine.evaluate([a, b, ...redelivered([a, b])])).detections, [], 'two distinct events, not four');
  t.same((await engine.evaluate(redelivered([a, b]))).detections, [], 'still two, not four');
  t.equal((await engine.evaluate([s1(2, 'bash')])).detections.length, 1, 'the third distinct one fires');
});

t.test('what was seen is bounded: beyond maxSeenEvents the least recently seen is forgotten', async (t) => {
  const engine = engineOf([bash], { store: new MemoryStore({ maxGroups: 10, maxPartialSequences: 10, maxSeenEvents: 2 }) });
  const old = [s1(0, 'bash')];
  await engine.evaluate(old);
  await engine.evaluate([s1(1, 'bash'), s1(2, 'bash')]);
  t.equal((await engine.evaluate(redelivered(old))).detections.length, 1, 'forgotten: raised again, memory stays bounded');
});

t.test('redeliveries are counted', async (t) => {
  const counts: number[] = [];
  const engine = engineOf([bash], { metrics: { redelivered: (n) => counts.push(n) } });
  const batch = [s1(0, 'bash'), s1(1, 'python')];
  await engine.evaluate(batch);
  await engine.evaluate(redelivered(batch));
  t.same(counts, [2]);
});
