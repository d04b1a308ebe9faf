import t from 'tap';
import type { DetectionEvent } from '../../src/rules/compiled.js';
import { MemoryStore, type EvictionKind, type SequenceGroup, type WindowOp } from '../../src/store/index.js';
import { eventAt } from '../helpers/rules.js';

const ref: DetectionEvent = { traceId: 't', spanId: 's', signal: 'span', timeUnixNano: '0' };
const count = (key: string, timeMs: number, bound = 1): WindowOp => ({
  key,
  spec: { aggregate: 'count', op: '>=', bound, windowMs: 1000, maxEntries: 3, maxInvolved: 10 },
  watermarkMs: timeMs,
  entries: [{ timeMs, value: 1, ref }],
});
const group = (partials: number): SequenceGroup => ({
  partials: Array.from({ length: partials }, () => ({ startMs: 0, events: [eventAt(0)] })),
  buffer: [],
  fired: new Map(),
});

function recording() {
  const evictions: [EvictionKind, number][] = [];
  return { evictions, onEvict: (kind: EvictionKind, n: number) => evictions.push([kind, n]) };
}

t.test('threshold groups beyond maxGroups evict the least recently updated, counted', async (t) => {
  const { evictions, onEvict } = recording();
  const store = new MemoryStore({ maxGroups: 2, maxPartialSequences: 10, onEvict });
  await store.apply({ windows: [count('a', 0, 2), count('b', 0, 2)], sequences: [] });
  const a = await store.apply({ windows: [count('a', 1, 2)], sequences: [] });
  t.equal(a.firings[0].length, 1, 'a fires and is now the most recently updated');
  t.same(evictions, []);
  await store.apply({ windows: [count('c', 2, 2)], sequences: [] });
  t.same(evictions, [['group', 1]], 'b was the oldest');
  const again = await store.apply({ windows: [count('b', 3, 2)], sequences: [] });
  t.same(again.firings, [[]], 'b starts afresh with one entry');
  t.same(evictions, [['group', 1], ['group', 1]]);
});

t.test('window entries beyond maxEntries are evicted and counted', async (t) => {
  const { evictions, onEvict } = recording();
  const store = new MemoryStore({ maxGroups: 10, maxPartialSequences: 10, onEvict });
  const op = count('a', 0, 100);
  await store.apply({ windows: [{ ...op, entries: [0, 1, 2, 3, 4].map((timeMs) => ({ timeMs, value: 1, ref })) }], sequences: [] });
  t.same(evictions, [['window-entry', 2]]);
});

t.test('partial sequences beyond the cap evict whole groups, oldest first, counted by partials', async (t) => {
  const { evictions, onEvict } = recording();
  const store = new MemoryStore({ maxGroups: 10, maxPartialSequences: 3, onEvict });
  store.write({ sequences: [['x', group(2)], ['y', group(1)]] });
  t.same(evictions, []);
  store.write({ sequences: [['z', group(1)]] });
  t.same(evictions, [['partial-sequence', 2]], 'x held two partials');
  const read = await store.apply({ windows: [], sequences: ['x', 'y', 'z'] });
  t.same(read.sequences.map((g) => g?.partials.length), [undefined, 1, 1]);
  store.write({ sequences: [['y', undefined]] });
  t.same((await store.apply({ windows: [], sequences: ['y'] })).sequences, [undefined], 'undefined deletes');
  t.equal(evictions.length, 1, 'a delete is not an eviction');
});

t.test('forget drops the keys of the given prefixes only', async (t) => {
  const store = new MemoryStore({ maxGroups: 10, maxPartialSequences: 10 });
  store.write({ sequences: [['r1@a\u001es1', group(1)], ['r2@a\u001es1', group(1)]] });
  await store.apply({ windows: [count('r1@a\u001es2', 0, 5)], sequences: [] });
  await store.forget(['r1@a\u001e']);
  const read = await store.apply({ windows: [count('r1@a\u001es2', 1, 2)], sequences: ['r1@a\u001es1', 'r2@a\u001es1'] });
  t.same(read.firings, [[]], 'the window of r1 restarted: one entry does not reach 2');
  t.same(read.sequences.map((g) => g?.partials.length), [undefined, 1]);
});
