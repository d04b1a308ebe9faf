import t from 'tap';
import { FairCache, SPACE_END, type FairEviction } from '../../src/store/fair-cache.js';

const key = (space: string, group: string): string => `${space}${SPACE_END}${group}`;
function cache(maxTotal: number, maxPerSpace: number) {
  const evicted: FairEviction[] = [];
  const fair = new FairCache<number>({ maxTotal, maxPerSpace, progress: (n) => n >= 2, onEvict: (e) => evicted.push(e) });
  return { fair, evicted: () => evicted.map((e) => `${e.key.replace(SPACE_END, '/')}${e.progress ? '+' : ''}`) };
}

t.test('within a space: the oldest idle group goes first, groups with progress last', async (t) => {
  const { fair, evicted } = cache(10, 3);
  fair.set(key('r', 'victim'), 5);
  fair.set(key('r', 'a'), 1);
  fair.set(key('r', 'b'), 1);
  fair.set(key('r', 'c'), 1);
  t.same(evicted(), ['r/a']);
  fair.set(key('r', 'd'), 1);
  t.same(evicted(), ['r/a', 'r/b'], 'the victim, older but with progress, stays');
  t.equal(fair.get(key('r', 'victim')), 5);
  t.equal(fair.size, 3);
});

t.test('over the total, the space holding the most gives one up', async (t) => {
  const { fair, evicted } = cache(4, 10);
  fair.set(key('quiet', 'x'), 1);
  for (const g of ['1', '2', '3', '4']) fair.set(key('loud', g), 1);
  t.same(evicted(), ['loud/1']);
  t.equal(fair.get(key('quiet', 'x')), 1);
});

t.test('updating a group moves it to the tier its progress says; delete and forget are no evictions', async (t) => {
  const { fair, evicted } = cache(10, 2);
  fair.set(key('r', 'a'), 1);
  fair.set(key('r', 'b'), 1);
  fair.set(key('r', 'a'), 2);
  fair.set(key('r', 'c'), 1);
  t.same(evicted(), ['r/b'], 'a made progress');
  fair.delete(key('r', 'c'));
  fair.forget(['r']);
  t.equal(fair.size, 0);
  t.same(evicted(), ['r/b']);
});
