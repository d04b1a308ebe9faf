import { LRUCache } from 'lru-cache';
import type { DetectionNote, EvictionHook, SequenceGroup, StateReply, StateRequest, StateStore, StateWrite, WindowEntry, WindowFiring, WindowOp } from './state.js';
import { FairCache, type FairEviction } from './fair-cache.js';
import { applyWindow, emptyWindow, type WindowState } from './window.js';

/** Caps of the in-process backend. */
export interface MemoryStoreOptions {
  /** Threshold groups kept over all rules (fair-cache.ts says which go first). */
  readonly maxGroups: number;
  /** Partial sequences kept over all rules; whole groups go. */
  readonly maxPartialSequences: number;
  /** Threshold groups, and partial sequences, one rule keeps: a flood on one rule never evicts another's. Default: the totals. */
  readonly maxPerRule?: number;
  /** Event identities remembered to recognise redeliveries; the least recently seen go first. */
  readonly maxSeenEvents?: number;
  /** Keys whose evicted progress is remembered, to tell their next event. Default 10,000. */
  readonly maxLostKeys?: number;
  readonly onEvict?: EvictionHook;
}

const NO_NOTES: readonly DetectionNote[] = Object.freeze([]);

const ignore: EvictionHook = () => {};

/** A copy of a group that `offer` and `settle` may change without touching the original. */
function copyGroup(group: SequenceGroup | undefined): SequenceGroup | undefined {
  if (group === undefined) return undefined;
  return { partials: group.partials, buffer: group.buffer.map((b) => ({ ...b })), fired: new Map(group.fired) };
}

// A window with two entries or more, a sequence with a partial, is on its way to a bound.
const windowProgress = (state: WindowState): boolean => state.entries.length >= 2;
const sequenceProgress = (group: SequenceGroup): boolean => group.partials.length > 0;

/** State in process, under fair budgets (fair-cache.ts); one gateway only. */
export class MemoryStore implements StateStore {
  private readonly windows: FairCache<WindowState>;
  private readonly sequences: FairCache<SequenceGroup>;
  private readonly seen: LRUCache<string, readonly DetectionNote[]>;
  /** Keys evicted with progress, until their next event is told. */
  private readonly lost: LRUCache<string, true>;
  /** Idle groups evicted per key space since the last reply: a flood of new keys. */
  private flood = new Map<string, number>();
  private readonly onEvict: EvictionHook;

  constructor(options: MemoryStoreOptions) {
    const onEvict = (this.onEvict = options.onEvict ?? ignore);
    this.lost = new LRUCache({ max: options.maxLostKeys ?? 10_000 });
    const evicted = ({ key, space, progress }: FairEviction): void => {
      if (progress) this.lost.set(key, true);
      else this.flood.set(space, (this.flood.get(space) ?? 0) + 1);
    };
    this.windows = new FairCache<WindowState>({
      maxTotal: options.maxGroups,
      maxPerSpace: Math.min(options.maxGroups, options.maxPerRule ?? Infinity),
      progress: windowProgress,
      onEvict: (eviction) => {
        onEvict('group', 1);
        evicted(eviction);
      },
    });
    this.sequences = new FairCache<SequenceGroup>({
      maxTotal: options.maxPartialSequences,
      maxPerSpace: Math.min(options.maxPartialSequences, options.maxPerRule ?? Infinity),
      // A group waiting with buffered events only still costs one, so the cache stays bounded.
      weight: (group) => Math.max(1, group.partials.length),
      progress: sequenceProgress,
      onEvict: (eviction, group) => {
        if (group.partials.length > 0) onEvict('partial-sequence', group.partials.length);
        evicted(eviction);
      },
    });
    this.seen = new LRUCache({ max: options.maxSeenEvents ?? 200_000 });
  }

  async apply(request: StateRequest): Promise<StateReply> {
    const repeated = (request.events ?? []).map((identity) => {
      const notes = this.seen.get(identity);
      if (notes === undefined) this.seen.set(identity, NO_NOTES); // a second copy in the same batch is a repeat too
      return notes;
    });
    const fresh = (entry: WindowEntry): boolean => entry.event === undefined || repeated[entry.event] === undefined;
    const firings = request.windows.map((op) => this.applyWindow(op.entries.every(fresh) ? op : { ...op, entries: op.entries.filter(fresh) }));
    const lost = [...request.windows.map((op) => op.key), ...request.sequences].filter((key) => this.lost.delete(key));
    const flooded = [...this.flood].map(([space, evicted]) => ({ space, evicted }));
    if (flooded.length > 0) this.flood = new Map();
    return { repeated, firings, sequences: request.sequences.map((key) => this.sequences.get(key)), lost, flooded };
  }

  async peek(request: StateRequest): Promise<StateReply> {
    return {
      // A proposed action is never a redelivery.
      repeated: (request.events ?? []).map(() => undefined),
      firings: request.windows.map((op) => {
        const state = this.windows.get(op.key);
        const copy = state === undefined ? emptyWindow() : { entries: [...state.entries], lastPassMs: -Infinity, running: undefined };
        return applyWindow(copy, op).firings;
      }),
      sequences: request.sequences.map((key) => copyGroup(this.sequences.get(key))),
      lost: [],
      flooded: [],
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
    this.windows.forget(prefixes);
    this.sequences.forget(prefixes);
  }

  private applyWindow(op: WindowOp): readonly WindowFiring[] {
    const state = this.windows.get(op.key) ?? emptyWindow();
    const { firings, evicted } = applyWindow(state, op);
    if (evicted > 0) this.onEvict('window-entry', evicted);
    // Nothing left to remember: no entries, and a fresh group would fire exactly as this one.
    if (state.entries.length === 0 && op.watermarkMs - state.lastPassMs >= op.spec.windowMs) this.windows.delete(op.key);
    else this.windows.set(op.key, state); // updated now, in the tier its progress says
    return firings;
  }
}
