/** State of thresholds and sequences behind one batch-at-a-time interface, and its backends. */
import type { VigilConfig } from '../config/index.js';
import { MemoryStore } from './memory.js';
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
  return new MemoryStore({ maxGroups: config.max_groups, maxPartialSequences: config.max_partial_sequences, maxPerRule: config.max_per_rule, onEvict });
}
