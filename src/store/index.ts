/** State of thresholds and sequences behind one batch-at-a-time interface, and its backends. */
import type { VigilConfig } from '../config/index.js';
import { MemoryCallMemory, MemoryFlagStore, type CallMemory, type FlagStore } from '../enforce/index.js';
import { MemoryStore } from './memory.js';
import { RedisCallMemory, RedisFlagStore, type RedisClient } from './redis/index.js';
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

/** The backend `rules.state` names, with its caps; evictions are reported to `onEvict`. */
export function createStateStore(config: VigilConfig['rules']['state'], onEvict?: EvictionHook): StateStore {
  return new MemoryStore({ maxGroups: config.max_groups, maxPartialSequences: config.max_partial_sequences, onEvict });
}

/** Where flags and allowed-call memory live: in Redis when the state backend is Redis (every replica sees them), else in process. */
export function createEnforceState(config: VigilConfig['rules']['state'], redis: RedisClient | undefined): { flags: FlagStore; calls: CallMemory } {
  if (redis === undefined) return { flags: new MemoryFlagStore(), calls: new MemoryCallMemory() };
  const prefix = config.redis.key_prefix;
  return { flags: new RedisFlagStore(redis, prefix), calls: new RedisCallMemory(redis, prefix) };
}

export { connectRedis, type RedisClient } from './redis/index.js';
