import t from 'tap';
import { MemoryFlagStore, type Flag, type FlagStore } from '../../src/enforce/index.js';
import { RedisFlagStore } from '../../src/store/redis/index.js';
import { redisClient, RedisServer } from '../helpers/redis-server.js';

const NOW = 1_700_000_000_000;
const flag = (over: Partial<Flag>): Flag => ({ scope: 'session', id: 's-1', kind: 'pause', reason: 'r', actor: 'test', setAtMs: NOW, ...over });

/** The same behaviour from every FlagStore. */
function suite(name: string, make: (t: Tap) => Promise<FlagStore>): void {
  t.test(`${name}: set, look up by subjects, clear`, async (t) => {
    const store = await make(t);
    t.same(await store.active({ session: 's-1' }, NOW), [], 'nothing set');
    await store.set(flag({ kind: 'kill', reason: 'operator stop', actor: 'cli' }));
    await store.set(flag({ scope: 'agent', id: 'codex', expiresAtMs: Date.now() + 60_000 }));
    await store.set(flag({ scope: 'user', id: 'u-9' }));
    const found = await store.active({ session: 's-1', agent: 'codex', user: 'u-2' }, NOW);
    t.same(found.map((f) => `${f.scope}:${f.id}:${f.kind}`).sort(), ['agent:codex:pause', 'session:s-1:kill']);
    t.equal(found.find((f) => f.scope === 'session')?.reason, 'operator stop', 'reason kept');
    t.equal(found.find((f) => f.scope === 'session')?.actor, 'cli', 'actor kept');
    t.same(await store.active({ session: 's-2' }, NOW), [], 'other sessions unaffected');
    t.equal(await store.clear('session', 's-1'), true);
    t.equal(await store.clear('session', 's-1'), false, 'second clear finds nothing');
    t.same((await store.active({ session: 's-1' }, NOW)).length, 0);
    t.same((await store.list(NOW)).map((f) => f.id).sort(), ['codex', 'u-9']);
  });

  t.test(`${name}: the global switch stops every subject, even one without ids`, async (t) => {
    const store = await make(t);
    await store.set(flag({ scope: 'global', id: '*', kind: 'kill' }));
    t.equal((await store.active({}, NOW)).length, 1);
    t.equal((await store.active({ session: 'x', agent: 'y' }, NOW))[0].scope, 'global');
  });

  t.test(`${name}: a pause ends at its expiry`, async (t) => {
    const store = await make(t);
    const expiresAtMs = Date.now() + 60_000;
    await store.set(flag({ expiresAtMs }));
    t.equal((await store.active({ session: 's-1' }, expiresAtMs - 1)).length, 1);
    t.equal((await store.active({ session: 's-1' }, expiresAtMs)).length, 0, 'expired at its time');
    t.equal((await store.list(expiresAtMs + 1)).length, 0);
  });
}
type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

suite('memory', async () => new MemoryFlagStore());

suite('redis', async (t) => {
  const server = await RedisServer.start(t);
  return new RedisFlagStore(await redisClient(t, server), 'test:');
});

t.test('redis: keys are prefixed and a pause carries its TTL', async (t) => {
  const server = await RedisServer.start(t);
  const redis = await redisClient(t, server, 'p1:');
  const store = new RedisFlagStore(redis, 'p1:');
  await store.set(flag({ expiresAtMs: Date.now() + 30_000 }));
  await store.set(flag({ id: 's-2', kind: 'kill' }));
  const keys = (await redis.keys('*')).sort();
  t.ok(keys.every((k) => k.startsWith('p1:')), `every key prefixed: ${keys.join(', ')}`);
  const ttl = await redis.pttl('p1:{flags}:session:s-1');
  t.ok(ttl > 25_000 && ttl <= 30_000, `pause TTL ${ttl} ms`);
  t.equal(await redis.pttl('p1:{flags}:session:s-2'), -1, 'a kill lasts until cleared');
});
