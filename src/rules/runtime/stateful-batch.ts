import type { AgentEvent } from '../../event/index.js';
import type { DetectionNote, EvictionHook, SequenceGroup, StateReply, StateStore } from '../../store/index.js';
import type { Detection, DetectionEvent } from '../compiled.js';
import { buildDetection, eventRef } from './detection.js';
import { lowest } from './event-clock.js';
import { eventIdentity } from './event-identity.js';
import { groupKey, groupValues } from './group-key.js';
import type { RuleSlot } from './rule-set.js';
import { emptyGroup, offer, settle, type SequenceContext, type SequenceRule } from './sequence.js';
import { ThresholdGroup, windowEntry, type MessageRenderer, type ThresholdRule } from './threshold.js';

/** What the stateful part of one batch needs from the engine. */
export interface BatchContext {
  /** Per event of the batch: below this its key's state may be trimmed (event-clock.ts). */
  readonly watermarks: Float64Array;
  readonly maxPartialsPerGroup: number;
  readonly maxBufferedEvents: number;
  readonly ruleError: (ruleId: string) => void;
  readonly evicted: EvictionHook;
  readonly message: MessageRenderer;
  /** The batch's events, in order. */
  readonly events: readonly AgentEvent[];
  /**
   * Whether the batch's events are checked against and enter the redelivery memory: false for
   * events whose first delivery already did (held back for their trace's session, then released).
   */
  readonly remember: boolean;
}

interface SequenceWork {
  readonly rule: SequenceRule;
  readonly group: string;
  readonly events: AgentEvent[];
  /** Each event's index in the batch. */
  readonly indices: number[];
}

/** What the state said of a batch: its stateful detections and, per event, the notes of a redelivery. */
export interface BatchOutcome {
  readonly detections: readonly Detection[];
  readonly repeated: StateReply['repeated'];
  /** Per event: the rules whose state for its group was evicted with progress before it came. */
  readonly lost: readonly (readonly string[] | undefined)[];
  readonly flooded: StateReply['flooded'];
}

const byTime = (a: AgentEvent, b: AgentEvent): number => a.timeMs - b.timeMs;
const refKey = (e: DetectionEvent): string => `${e.signal}/${e.traceId}/${e.spanId}/${e.timeUnixNano}`;

/**
 * The threshold and sequence events of one batch, gathered by group while the batch is scanned,
 * then settled with the state in one round trip.
 */
export class StatefulBatch {
  private readonly thresholds = new Map<string, ThresholdGroup>();
  private readonly sequences = new Map<string, SequenceWork>();

  // Every event of the batch, in order (event-identity.ts): how the state recognises a redelivery.
  private identities: readonly string[] = [];

  constructor(private readonly ctx: BatchContext) {}

  /** A threshold rule's event (at `index` in the batch) that matched `when:` (throws what the rule's getters throw). */
  addThreshold(slot: RuleSlot, rule: ThresholdRule, event: AgentEvent, index: number): void {
    const entry = windowEntry(rule.threshold, event, index);
    if (entry === undefined) return;
    const group = groupKey(rule.threshold.groupBy, event);
    if (group === undefined) return;
    const key = slot.statePrefix + group;
    let work = this.thresholds.get(key);
    if (work === undefined) {
      work = new ThresholdGroup(rule, slot.window as NonNullable<RuleSlot['window']>, key, group);
      this.thresholds.set(key, work);
    }
    work.add(event, entry);
  }

  /** An event (at `index` in the batch) a sequence rule may use (throws what the rule's getters throw). */
  addSequence(slot: RuleSlot, rule: SequenceRule, event: AgentEvent, index: number): void {
    const group = groupKey(rule.sequence.by, event);
    if (group === undefined) return;
    const key = slot.statePrefix + group;
    const work = this.sequences.get(key);
    if (work === undefined) this.sequences.set(key, { rule, group, events: [event], indices: [index] });
    else {
      work.events.push(event);
      work.indices.push(index);
    }
  }

  /**
   * Applies the batch to the state in one round trip: redeliveries are recognised first and add
   * nothing; resolves to the detections the new events raised. With `peek` (pre-action checks)
   * the state is only read: nothing is applied or written.
   */
  async run(store: StateStore, peek = false): Promise<BatchOutcome> {
    const thresholds = [...this.thresholds.values()];
    const sequences = [...this.sequences];
    this.identities = this.ctx.events.map(eventIdentity);
    const reply = await (peek ? store.peek.bind(store) : store.apply.bind(store))({
      ...(this.ctx.remember && { events: this.identities }),
      windows: thresholds.map((work) => work.op(this.ctx.watermarks)),
      sequences: sequences.map(([key]) => key),
    });
    const detections: Detection[] = [];
    thresholds.forEach((work, i) => work.detections(reply.firings[i], this.ctx.message, detections));
    const written = sequences.map(([key, work], i): [string, SequenceGroup | undefined] => [key, this.match(work, reply.repeated, reply.sequences[i] ?? emptyGroup(), detections)]);
    if (!peek) store.write({ sequences: written, notes: this.ctx.remember ? this.notes(detections) : [] });
    // Local state stood in for the shared backend: such detections may miss other replicas' events.
    const marked = reply.degraded === true ? detections.map((d) => ({ ...d, degraded: true })) : detections;
    return { detections: marked, repeated: reply.repeated, lost: this.lostByEvent(reply.lost), flooded: reply.flooded };
  }

  private lostByEvent(keys: readonly string[]): (string[] | undefined)[] {
    const out: (string[] | undefined)[] = new Array(this.ctx.events.length);
    for (const key of keys) {
      const threshold = this.thresholds.get(key);
      const sequence = this.sequences.get(key);
      const rule = (threshold ?? sequence)?.rule.id as string;
      for (const i of threshold?.indices() ?? sequence?.indices ?? []) if (i >= 0) (out[i] ??= []).push(rule);
    }
    return out;
  }

  /** The detections each event of the batch is involved in, as a redelivery of it is annotated again. */
  private notes(detections: readonly Detection[]): [string, DetectionNote[]][] {
    if (detections.length === 0) return [];
    const byRef = new Map<string, DetectionNote[]>();
    for (const { id, ruleId, severity, score, tags, events } of detections) {
      for (const ref of events) {
        const key = refKey(ref);
        const list = byRef.get(key) ?? [];
        if (!list.some((note) => note.id === id)) list.push({ id, ruleId, severity, score, tags });
        byRef.set(key, list);
      }
    }
    return this.batchRefs().flatMap((key, i) => {
      const notes = byRef.get(key);
      return notes === undefined ? [] : [[this.identities[i], notes] as [string, DetectionNote[]]];
    });
  }

  private batchRefs(): string[] {
    return this.ctx.events.map((event) => refKey(eventRef(event)));
  }

  /** Runs one group's new events through its sequence; the group to store, or undefined when empty. */
  private match(work: SequenceWork, repeated: StateReply['repeated'], state: SequenceGroup, out: Detection[]): SequenceGroup | undefined {
    const { rule, group } = work;
    const ctx: SequenceContext = {
      rule,
      group,
      maxPartials: this.ctx.maxPartialsPerGroup,
      maxBuffered: this.ctx.maxBufferedEvents,
      ruleError: this.ctx.ruleError,
      evicted: this.ctx.evicted,
      complete: (id, refs, events) => {
        const last = events[events.length - 1];
        const message = this.ctx.message(rule, last, events);
        out.push(buildDetection(rule, { id, group, groupValues: groupValues(rule.sequence.byNames, group), events: refs, timeMs: last.timeMs, message }));
      },
    };
    // In event-time order, so a batch that is merely shuffled needs no replay.
    const fresh = work.events.filter((_, i) => repeated[work.indices[i]] === undefined);
    for (const event of fresh.sort(byTime)) offer(ctx, state, event);
    return settle(ctx, state, lowest(this.ctx.watermarks, work.indices)) ? state : undefined;
  }
}
