import t from 'tap';
import { BASE_MS, engineOf, eventAt, thresholdRule, tool } from '../../helpers/rules.js';

const YEAR = 365 * 24 * 3600_000;
const burst = thresholdRule('burst', { op: '>=', bound: 5, windowMs: 60_000 }, tool('bash'));
const call = (offsetMs: number, session = 's1') => eventAt(offsetMs, { 'session.id': session, 'gen_ai.tool.name': 'bash' });
const clock = { now: () => BASE_MS, maxSkewMs: 5 * 60_000 };

t.test('one span ten years ahead, then a burst: the burst still raises its threshold', async (t) => {
  const future: number[] = [];
  const engine = engineOf([burst], { ...clock, metrics: { future: (n) => future.push(n) } });
  const ahead = call(10 * YEAR);
  await engine.evaluate([ahead]);
  t.equal(ahead.timeMs, BASE_MS, 'clamped to its arrival');
  t.equal(ahead.skewMs, 10 * YEAR, 'and marked with how far ahead it was (annotated as vigil.clock_skew_ms)');
  t.same(future, [1], 'counted');
  const { detections } = await engine.evaluate([1, 2, 3, 4].map((i) => call(i * 100)));
  t.equal(detections.length, 1, 'the four real calls and the clamped one make five');
});

t.test('refuse: the future event stays out of state, and the real events are not late', async (t) => {
  const engine = engineOf([burst], { ...clock, futureEvents: 'refuse' });
  const ahead = call(10 * YEAR);
  await engine.evaluate([ahead]);
  t.equal(ahead.timeMs, BASE_MS + 10 * YEAR, 'its time is kept as sent');
  const real = [1, 2, 3, 4, 5].map((i) => call(i * 100));
  const { detections } = await engine.evaluate(real);
  t.equal(detections.length, 1);
  t.same(detections[0].events.map((e) => e.spanId), real.map((e) => e.spanId), 'only the real five');
  t.notOk(real.some((e) => e.late));
});

t.test("one session's clock does not make another's events late", async (t) => {
  const engine = engineOf([burst], clock);
  await engine.evaluate([call(4 * 60_000, 'fast')]); // within the skew: accepted as is
  const slow = [1, 2, 3, 4, 5].map((i) => call(i * 100, 'slow'));
  const { detections } = await engine.evaluate(slow);
  t.notOk(slow.some((e) => e.late), 'four minutes behind the fast session, but not behind their own');
  t.equal(detections.length, 1);
  const own = call(0, 'fast');
  await engine.evaluate([own]);
  t.ok(own.late, 'late against its own session');
});
