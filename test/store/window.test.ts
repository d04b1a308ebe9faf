import t from 'tap';
import type { DetectionEvent } from '../../src/rules/compiled.js';
import type { WindowEntry, WindowOp, WindowSpec } from '../../src/store/index.js';
import { applyWindow, emptyWindow, type WindowState } from '../../src/store/window.js';

const ref = (name: string): DetectionEvent => ({ traceId: 't', spanId: name, signal: 'span', timeUnixNano: '0' });
const entry = (timeMs: number, value = 1, key?: string): WindowEntry => ({ timeMs, value, key, ref: ref(String(timeMs)) });
const spec = (extra: Partial<WindowSpec> = {}): WindowSpec => ({ aggregate: 'count', op: '>', bound: 2, windowMs: 60_000, maxEntries: 1000, maxInvolved: 100, ...extra });
const fresh = (): WindowState => emptyWindow();
const op = (entries: WindowEntry[], s: WindowSpec = spec(), watermarkMs = -Infinity): WindowOp => ({ key: 'k', spec: s, watermarkMs, entries });

t.test('an entry exactly one window older is outside, one a millisecond younger inside', async (t) => {
  const out = fresh();
  t.same(applyWindow(out, op([entry(0), entry(30_000), entry(60_000)])).firings, [], '(0, 60000] holds two entries');
  const inside = fresh();
  const { firings } = applyWindow(inside, op([entry(1), entry(30_000), entry(60_000)]));
  t.equal(firings.length, 1);
  t.equal(firings[0].atMs, 60_000);
  t.equal(firings[0].value, 3);
  t.same(firings[0].events.map((e) => e.spanId), ['1', '30000', '60000']);
});

t.test('sum and distinct aggregate the entry values and keys', async (t) => {
  const sum = applyWindow(fresh(), op([entry(0, 400), entry(1000, 700)], spec({ aggregate: 'sum', op: '>=', bound: 1100 })));
  t.same(sum.firings.map((f) => [f.atMs, f.value]), [[1000, 1100]]);
  const distinct = spec({ aggregate: 'distinct', op: '>', bound: 2 });
  const state = fresh();
  t.same(applyWindow(state, op([entry(0, 1, 'a'), entry(1, 1, 'b'), entry(2, 1, 'a')], distinct)).firings, [], 'a, b, a: two distinct');
  const third = applyWindow(state, op([entry(3, 1, 'c')], distinct)).firings;
  t.same(third.map((f) => [f.atMs, f.value, f.events.length]), [[3, 3, 4]]);
});

t.test('fires once while passing, again only a full window after the last passing window', async (t) => {
  const state = fresh();
  const times = (ops: number[]) => applyWindow(state, op(ops.map((ms) => entry(ms)))).firings.map((f) => f.atMs);
  t.same(times([0, 10_000, 20_000]), [20_000]);
  t.same(times([30_000, 40_000, 50_000]), [], 'still passing: no second firing');
  t.same(times([100_000, 100_001, 100_002]), [], 'passes at 100002 with 50000 still inside: never quiet');
  t.same(times([160_001, 160_002, 160_002]), [160_002], 'passes exactly one window after the last pass (100002): fires again');
  t.same(times([200_000, 200_001, 200_002]), [], 'passing again 40000 ms later: silent');
});

t.test('an entry that arrives out of order counts in every later window it belongs to', async (t) => {
  const state = fresh();
  t.same(applyWindow(state, op([entry(10_000), entry(50_000), entry(70_000)])).firings, []);
  const { firings } = applyWindow(state, op([entry(40_000)]));
  t.same(firings.map((f) => [f.atMs, f.value]), [[50_000, 3]], 'windows ending at 50000 and 70000 now hold three; the first one fires');
  t.same(state.entries.map((e) => e.timeMs), [10_000, 40_000, 50_000, 70_000], 'kept in event-time order');
});

t.test('the latest maxInvolved events are listed; the cap and the watermark bound the entries', async (t) => {
  const state = fresh();
  const many = Array.from({ length: 10 }, (_, i) => entry(i * 1000));
  const listed = applyWindow(state, op(many, spec({ bound: 9, maxInvolved: 3 }))).firings;
  t.same(listed[0].events.map((e) => e.spanId), ['7000', '8000', '9000']);
  const capped = applyWindow(fresh(), op(many, spec({ maxEntries: 4 })));
  t.equal(capped.evicted, 6);
  const trimmed = fresh();
  applyWindow(trimmed, op(many, spec({ bound: 100 }), 64_000));
  t.same(trimmed.entries.map((e) => e.timeMs), [5000, 6000, 7000, 8000, 9000], 'entries at or before watermark − window are dead');
});

t.test('in-order ops (running aggregate) decide exactly as out-of-order ops (full recount)', async (t) => {
  // A seeded walk: the same entries, split into the same batches, once in time order within each
  // batch and once reversed (which takes the recounting path); every firing must agree.
  let seed = 42;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const aggregate of ['count', 'sum', 'distinct'] as const) {
    const s = spec({ aggregate, op: '>=', bound: aggregate === 'sum' ? 40 : 5, windowMs: 1000, maxEntries: 50 });
    const forward = fresh();
    const backward = fresh();
    let time = 0;
    for (let batch = 0; batch < 300; batch++) {
      const entries: WindowEntry[] = [];
      for (let i = Math.floor(random() * 6); i > 0; i--) {
        time += Math.floor(random() * 150);
        entries.push(entry(time, Math.floor(random() * 10), String.fromCharCode(97 + Math.floor(random() * 8))));
      }
      const watermarkMs = time - 500;
      const a = applyWindow(forward, op(entries, s, watermarkMs));
      const b = applyWindow(backward, op([...entries].reverse(), s, watermarkMs));
      if (entries.length > 1 && new Set(entries.map((e) => e.timeMs)).size === entries.length) {
        t.same(a.firings.map((f) => [f.atMs, f.value]), b.firings.map((f) => [f.atMs, f.value]), `${aggregate} batch ${batch}`);
      } else {
        t.same(a.firings.map((f) => f.atMs), b.firings.map((f) => f.atMs), `${aggregate} batch ${batch}`);
      }
    }
    t.same(forward.entries.map((e) => e.timeMs), backward.entries.map((e) => e.timeMs), `${aggregate}: same entries kept`);
  }
});

t.test('a count compared with > keeps only the entries that can decide it, without counting evictions', async (t) => {
  const s = { ...spec({ op: '>', bound: 2 }), decisive: 3 };
  const state = fresh();
  const first = applyWindow(state, op([entry(0), entry(1), entry(2), entry(3), entry(4)], s));
  t.same(first.firings.map((f) => [f.atMs, f.value]), [[2, 3]], 'fires when the count first passes');
  t.equal(first.evicted, 0);
  t.same(state.entries.map((e) => e.timeMs), [2, 3, 4], 'the newest bound + 1 entries stay');
  const later = applyWindow(state, op([entry(60_003), entry(60_004), entry(60_005)], s));
  t.same(later.firings.map((f) => [f.atMs, f.value]), [[60_005, 3]], 'and decide the next window exactly as all entries would');
});
