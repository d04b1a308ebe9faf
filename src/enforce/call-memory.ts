import { LRUCache } from 'lru-cache';

/**
 * Which tool calls were already counted in windows and sequences when their check was allowed,
 * by decision id and tool call id (see check-event.ts `callIds`), so the span that later reports
 * the call is not counted twice.
 */
export interface CallMemory {
  /** Remembers the ids for `ttlMs`. */
  remember(ids: readonly string[], ttlMs: number): Promise<void>;
  /** Which of the ids are remembered; one round trip for the whole batch. */
  seen(ids: readonly string[]): Promise<ReadonlySet<string>>;
}

/** Call ids in process, bounded. */
export class MemoryCallMemory implements CallMemory {
  private readonly ids: LRUCache<string, true>;

  constructor(max = 100_000) {
    this.ids = new LRUCache<string, true>({ max, ttl: 1, ttlAutopurge: false });
  }

  async remember(ids: readonly string[], ttlMs: number): Promise<void> {
    for (const id of ids) this.ids.set(id, true, { ttl: ttlMs });
  }

  async seen(ids: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set(ids.filter((id) => this.ids.has(id)));
  }
}
