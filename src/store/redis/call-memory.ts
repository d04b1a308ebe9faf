import type { CallMemory } from '../../enforce/index.js';
import type { RedisClient } from './connection.js';

/** Allowed calls' ids in Redis, so a span reaching another replica than its check is not counted twice. */
export class RedisCallMemory implements CallMemory {
  private readonly base: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.base = `${prefix}call:`;
  }

  async remember(ids: readonly string[], ttlMs: number): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.set(this.base + id, '1', 'PX', ttlMs);
    await pipeline.exec();
  }

  async seen(ids: readonly string[]): Promise<ReadonlySet<string>> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.exists(this.base + id);
    const replies = (await pipeline.exec()) ?? [];
    return new Set(ids.filter((_id, i) => replies[i]?.[1] === 1));
  }
}
