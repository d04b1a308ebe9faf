import type { Flag, FlagScope, FlagStore, Subjects } from '../../enforce/index.js';
import { flagKeys, isActive } from '../../enforce/index.js';
import type { RedisClient } from './connection.js';

/**
 * Flags in Redis, seen by every replica at once. Every flag key carries the same hash tag, so one
 * MGET reads a check's four flags even on Redis Cluster. A pause expires with its Redis TTL; an
 * index set lists the flags for the admin API and is pruned as it is read.
 */
export class RedisFlagStore implements FlagStore {
  private readonly base: string;
  private readonly index: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.base = `${prefix}{flags}:`;
    this.index = `${this.base}index`;
  }

  async set(flag: Flag): Promise<void> {
    const key = this.key(flag.scope, flag.id);
    const tx = this.redis.multi();
    const ttl = flag.expiresAtMs === undefined ? undefined : Math.max(1, flag.expiresAtMs - Date.now());
    if (ttl === undefined) tx.set(key, JSON.stringify(flag));
    else tx.set(key, JSON.stringify(flag), 'PX', ttl);
    tx.sadd(this.index, key);
    await tx.exec();
  }

  async clear(scope: FlagScope, id: string): Promise<boolean> {
    const key = this.key(scope, id);
    const replies = await this.redis.multi().del(key).srem(this.index, key).exec();
    return replies?.[0]?.[1] === 1;
  }

  async active(subjects: Subjects, nowMs: number): Promise<readonly Flag[]> {
    const keys = flagKeys(subjects).map(([scope, id]) => this.key(scope, id));
    return this.parse(await this.redis.mget(keys), nowMs);
  }

  async list(nowMs: number): Promise<readonly Flag[]> {
    const keys = await this.redis.smembers(this.index);
    if (keys.length === 0) return [];
    const values = await this.redis.mget(keys);
    const gone = keys.filter((_key, i) => values[i] === null);
    if (gone.length > 0) await this.redis.srem(this.index, ...gone);
    return this.parse(values, nowMs);
  }

  private key(scope: FlagScope, id: string): string {
    return `${this.base}${scope}:${id}`;
  }

  private parse(values: readonly (string | null)[], nowMs: number): Flag[] {
    const flags: Flag[] = [];
    for (const value of values) {
      if (value === null) continue;
      const flag = JSON.parse(value) as Flag;
      if (isActive(flag, nowMs)) flags.push(flag);
    }
    return flags;
  }
}
