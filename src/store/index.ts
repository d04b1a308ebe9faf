/** State of thresholds and sequences behind one batch-at-a-time interface, and its backends. */
import type { VigilConfig } from '../config/index.js';
import { MemoryCallMemory, MemoryFlagStore, type CallMemory, type FlagStore } from '../enforce/index.js';
import { MemoryStore } from './memory.js';
import { FallbackStore } from './fallback-store.js';
import { RedisCallMemory, RedisFlagStore, RedisStore, type RedisClient } from './redis/index.js';
import type { EvictionHook, StateStore } from './state.js';

export { MemoryStore, type MemoryStoreOptions } from './memory.js';
export type {
  BufferedEvent,
  DetectionNote,
  EvictionHook,
  EvictionKind,
  PartialSequence,
  SequenceGroup,
  StateReply,
  StateRequest,
  StateStore,
  StateWrite,
  WindowEntry,
  WindowFiring,
  WindowOp,
  WindowSpec,
} from './state.js';

/** What a shared backend reports besides evictions. */
export interface StateStoreHooks {
  readonly onEvict?: EvictionHook;
  /** True while batches fall back to local state because the shared backend is unreachable. */
  readonly onDegraded?: (degraded: boolean) => void;
}

/**
 * The backend `rules.state` names, with its caps. With `redis` (and its client), state is shared
 * and local memory stands in while Redis is unreachable.
 */
export function createStateStore(config: VigilConfig['rules']['state'], hooks: StateStoreHooks = {}, redis?: RedisClient, latenessMs = 0): StateStore {
  const local = new MemoryStore({ maxGroups: config.max_groups, maxPartialSequences: config.max_partial_sequences, maxPerRule: config.max_per_rule, onEvict: hooks.onEvict });
  if (redis === undefined) return local;
  const shared = new RedisStore(redis, { prefix: `${config.redis.key_prefix}state:`, latenessMs, idleTtlMs: IDLE_TTL_MS + latenessMs, onEvict: hooks.onEvict });
  return new FallbackStore(shared, local, { isUp: () => redis.status === 'ready', onDegraded: hooks.onDegraded ?? (() => {}) });
}

// Sequence groups and redelivery notes outlive their last write by this (longer than any shipped sequence window).
const IDLE_TTL_MS = 2 * 60 * 60 * 1000;

/** Where flags and allowed-call memory live: in Redis when the state backend is Redis (every replica sees them), else in process. */
export function createEnforceState(config: VigilConfig['rules']['state'], redis: RedisClient | undefined): { flags: FlagStore; calls: CallMemory } {
  if (redis === undefined) return { flags: new MemoryFlagStore(), calls: new MemoryCallMemory() };
  const prefix = config.redis.key_prefix;
  return { flags: new RedisFlagStore(redis, prefix), calls: new RedisCallMemory(redis, prefix) };
}

export { connectRedis, type RedisClient } from './redis/index.js';
