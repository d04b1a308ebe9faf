import { LRUCache } from 'lru-cache';
import type { DetectionNote, EvictionHook, SequenceGroup, StateReply, StateRequest, StateStore, StateWrite, WindowEntry, WindowFiring, WindowOp } from './state.js';
import { applyWindow, emptyWindow, type WindowState } from './window.js';

/** Caps of the in-process backend. */
export interface MemoryStoreOptions {
  /** Threshold groups kept; the least recently updated is evicted first. */
  readonly maxGroups: number;
  /** Partial sequences kept over all groups; whole groups go, least recently updated first. */
  readonly maxPartialSequences: number;
  /** Event identities remembered to recognise redeliveries; the least recently seen go first. */
  readonly maxSeenEvents?: number;
  readonly onEvict?: EvictionHook;
}

const NO_NOTES: readonly DetectionNote[] = Object.freeze([]);

const ignore: EvictionHook = () => {};

/** A copy of a group that `offer` and `settle` may change without touching the original. */
function copyGroup(group: SequenceGroup | undefined): SequenceGroup | undefined {
  if (group === undefined) return undefined;
  return { partials: group.partials, buffer: group.buffer.map((b) => ({ ...b })), fired: new Map(group.fired) };
}

/** State in process, bounded by LRU caches; one gateway only. */
export class MemoryStore implements StateStore {
  private readonly windows: LRUCache<string, WindowState>;
  private readonly sequences: LRUCache<string, SequenceGroup>;
  private readonly seen: LRUCache<string, readonly DetectionNote[]>;
  private readonly onEvict: EvictionHook;

  constructor(options: MemoryStoreOptions) {
    const onEvict = (this.onEvict = options.onEvict ?? ignore);
    this.windows = new LRUCache<string, WindowState>({
      max: options.maxGroups,
      dispose: (_state, _key, reason) => {
        if (reason === 'evict') onEvict('group', 1);
      },
    });
    this.seen = new LRUCache({ max: options.maxSeenEvents ?? 200_000 });
    const maxSize = options.maxPartialSequences;
    this.sequences = new LRUCache<string, SequenceGroup>({
      maxSize,
      // A group waiting with buffered events only still costs one, so the cache stays bounded.
      sizeCalculation: (group) => Math.min(maxSize, Math.max(1, group.partials.length)),
      dispose: (group, _key, reason) => {
        if (reason === 'evict' && group.partials.length > 0) onEvict('partial-sequence', group.partials.length);
      },
    });
  }

  async apply(request: StateRequest): Promise<StateReply> {
    const repeated = (request.events ?? []).map((identity) => {
      const notes = this.seen.get(identity);
      if (notes === undefined) this.seen.set(identity, NO_NOTES); // a second copy in the same batch is a repeat too
      return notes;
    });
    const fresh = (entry: WindowEntry): boolean => entry.event === undefined || repeated[entry.event] === undefined;
    return {
      repeated,
      firings: request.windows.map((op) => this.applyWindow(op.entries.every(fresh) ? op : { ...op, entries: op.entries.filter(fresh) })),
      sequences: request.sequences.map((key) => this.sequences.get(key)),
    };
  }

  async peek(request: StateRequest): Promise<StateReply> {
    return {
      // A proposed action is never a redelivery.
      repeated: (request.events ?? []).map(() => undefined),
      firings: request.windows.map((op) => {
        const state = this.windows.peek(op.key);
        const copy = state === undefined ? emptyWindow() : { entries: [...state.entries], lastPassMs: -Infinity, running: undefined };
        return applyWindow(copy, op).firings;
      }),
      sequences: request.sequences.map((key) => copyGroup(this.sequences.peek(key))),
    };
  }

  write(writes: StateWrite): void {
    for (const [key, group] of writes.sequences) {
      if (group === undefined) this.sequences.delete(key);
      else this.sequences.set(key, group);
    }
    for (const [identity, notes] of writes.notes ?? []) this.seen.set(identity, notes);
  }

  async forget(prefixes: readonly string[]): Promise<void> {
    for (const cache of [this.windows, this.sequences] as LRUCache<string, object>[]) {
      const doomed = [...cache.keys()].filter((key) => prefixes.some((prefix) => key.startsWith(prefix)));
      for (const key of doomed) cache.delete(key);
    }
  }

  private applyWindow(op: WindowOp): readonly WindowFiring[] {
    let state = this.windows.get(op.key);
    if (state === undefined) {
      state = emptyWindow();
      this.windows.set(op.key, state);
    }
    const { firings, evicted } = applyWindow(state, op);
    if (evicted > 0) this.onEvict('window-entry', evicted);
    // Nothing left to remember: no entries, and a fresh group would fire exactly as this one.
    if (state.entries.length === 0 && op.watermarkMs - state.lastPassMs >= op.spec.windowMs) this.windows.delete(op.key);
    return firings;
  }
}
