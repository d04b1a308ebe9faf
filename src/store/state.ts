import type { AgentEvent } from '../event/index.js';
import type { DetectionEvent, Severity } from '../rules/compiled.js';

/** How a threshold window aggregates and when it passes. */
export interface WindowSpec {
  readonly aggregate: 'count' | 'distinct' | 'sum';
  readonly op: '>' | '>=' | '<' | '<=' | '==' | '!=';
  readonly bound: number;
  readonly windowMs: number;
  /** Entries one group keeps at most; the oldest go first (counted as evictions). */
  readonly maxEntries: number;
  /** Events one firing lists at most; the latest are kept. */
  readonly maxInvolved: number;
  /**
   * A count compared with `>` or `>=` is decided by its newest `decisive` entries (a window holds
   * more than the bound exactly when it holds the newest bound + 1): older ones are dropped
   * without being counted as evictions. Absent for other aggregates and comparisons.
   */
  readonly decisive?: number;
}

/** One event entering a window: its time, what it adds, and how a detection names it. */
export interface WindowEntry {
  readonly timeMs: number;
  /** Amount for `sum` (1 for the others). */
  readonly value: number;
  /** Distinct key for `distinct`. */
  readonly key?: string;
  readonly ref: DetectionEvent;
  /** Index of the entry's event in StateRequest.events: a redelivered event adds nothing. */
  readonly event?: number;
}

/**
 * One change to one group's window, as data only: insert the entries by event time, drop what no
 * later window can hold, evaluate every window the entries fall in, decide whether to fire. A
 * backend applies it atomically (memory: in process; a shared backend: one script per op).
 */
export interface WindowOp {
  readonly key: string;
  readonly spec: WindowSpec;
  /** Later events are never older than this, so entries at or before `watermark − window` are dead. */
  readonly watermarkMs: number;
  /** In event-time order. */
  readonly entries: readonly WindowEntry[];
}

/** A window that passed its bound and fires. */
export interface WindowFiring {
  /** End of the window that passed (an entry's event time). */
  readonly atMs: number;
  /** The aggregate over that window. */
  readonly value: number;
  /** The window's latest events (up to `maxInvolved`), in event-time order. */
  readonly events: readonly DetectionEvent[];
}

/** A sequence in progress: one event per matched step, in step order. */
export interface PartialSequence {
  /** Event time of the first step: the window is measured from it. */
  readonly startMs: number;
  readonly events: readonly AgentEvent[];
}

/** A recent event kept while an earlier one may still arrive, with the partials as they were before it. */
export interface BufferedEvent {
  readonly event: AgentEvent;
  before: readonly PartialSequence[];
}

/** One group's sequence state. */
export interface SequenceGroup {
  /** The partial sequences after every event seen. */
  partials: readonly PartialSequence[];
  /** Events newer than the watermark, in event-time order: the replay log for late arrivals. */
  readonly buffer: BufferedEvent[];
  /** Ids of detections already reported whose completing event is newer than the watermark. */
  readonly fired: Map<string, number>;
}

/** What an event's annotation carried from a threshold or sequence: given again when it is redelivered. */
export interface DetectionNote {
  readonly id: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly score: number;
  readonly tags: readonly string[];
}

/** What one batch asks of the state, in one round trip. */
export interface StateRequest {
  /**
   * The identity of every event of the batch (see event-identity.ts). One already seen is a
   * redelivery: its window entries are skipped and the reply gives the notes it got the first time.
   */
  readonly events?: readonly string[];
  readonly windows: readonly WindowOp[];
  /** Keys of the sequence groups the batch touches. */
  readonly sequences: readonly string[];
}

/** The answer to a StateRequest, index for index. */
export interface StateReply {
  /** Per event of the request: undefined when new, else the notes it got when first seen. */
  readonly repeated: readonly (readonly DetectionNote[] | undefined)[];
  readonly firings: readonly (readonly WindowFiring[])[];
  readonly sequences: readonly (SequenceGroup | undefined)[];
  /** Keys of this request (windows and sequences) whose earlier progress was evicted: told once, on their next event. */
  readonly lost: readonly string[];
  /** Key spaces (rule state prefixes) that evicted idle groups since the last reply, and how many: a flood of new keys. */
  readonly flooded: readonly { readonly space: string; readonly evicted: number }[];
  /** The shared backend was unreachable and local state answered: the detections are marked degraded. */
  readonly degraded?: boolean;
}

/** What a batch writes back after `apply`. */
export interface StateWrite {
  readonly sequences: readonly (readonly [key: string, group: SequenceGroup | undefined])[];
  /** Events (by identity) and the threshold and sequence detections their annotation carries. */
  readonly notes?: readonly (readonly [event: string, notes: readonly DetectionNote[]])[];
}

/** Why state was dropped before its time. */
export type EvictionKind = 'group' | 'window-entry' | 'partial-sequence';

/** Called with the number of items evicted (the gateway counts them in its metrics). */
export type EvictionHook = (kind: EvictionKind, count: number) => void;

/**
 * Where thresholds and sequences keep their state. Every call covers a whole batch, so a remote
 * backend costs one round trip per batch, never one per event.
 */
export interface StateStore {
  /** Applies the window ops (each atomically) and reads the sequence groups. */
  apply(request: StateRequest): Promise<StateReply>;
  /**
   * Stores what a batch settled after `apply`: sequence groups read by it (undefined deletes) and
   * the notes of its events. Queued in order: every later `apply` sees it, which is all the engine
   * needs, so nobody waits for it.
   */
  write(writes: StateWrite): void;
  /**
   * What `apply` would answer, changing nothing (pre-action checks): the window ops run on copies
   * that forget the last firing, so every window the entries make pass its bound is reported
   * (a rate limit stays exceeded after it fired once); the sequence groups are copies the caller
   * may change freely.
   */
  peek(request: StateRequest): Promise<StateReply>;
  /** Drops every entry whose key starts with one of the prefixes (rules that were removed or changed). */
  forget(prefixes: readonly string[]): Promise<void>;
}
