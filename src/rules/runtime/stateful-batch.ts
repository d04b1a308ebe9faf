import type { AgentEvent } from '../../event/index.js';
import type { EvictionHook, SequenceGroup, StateStore } from '../../store/index.js';
import type { Detection } from '../compiled.js';
import { buildDetection } from './detection.js';
import { groupKey, groupValues } from './group-key.js';
import type { RuleSlot } from './rule-set.js';
import { emptyGroup, offer, settle, type SequenceContext, type SequenceRule } from './sequence.js';
import { ThresholdGroup, windowEntry, type MessageRenderer, type ThresholdRule } from './threshold.js';

/** What the stateful part of one batch needs from the engine. */
export interface BatchContext {
  /** Events older than this never enter state (docs/rules.md "Time"). */
  readonly watermarkMs: number;
  readonly maxPartialsPerGroup: number;
  readonly maxBufferedEvents: number;
  readonly ruleError: (ruleId: string) => void;
  readonly evicted: EvictionHook;
  readonly message: MessageRenderer;
}

interface SequenceWork {
  readonly rule: SequenceRule;
  readonly group: string;
  readonly events: AgentEvent[];
}

const byTime = (a: AgentEvent, b: AgentEvent): number => a.timeMs - b.timeMs;

/**
 * The threshold and sequence events of one batch, gathered by group while the batch is scanned,
 * then settled with the state in one round trip.
 */
export class StatefulBatch {
  private readonly thresholds = new Map<string, ThresholdGroup>();
  private readonly sequences = new Map<string, SequenceWork>();

  constructor(private readonly ctx: BatchContext) {}

  /** A threshold rule's event that matched `when:` (throws what the rule's getters throw). */
  addThreshold(slot: RuleSlot, rule: ThresholdRule, event: AgentEvent): void {
    const entry = windowEntry(rule.threshold, event);
    if (entry === undefined) return;
    const group = groupKey(rule.threshold.groupBy, event);
    const key = slot.statePrefix + group;
    let work = this.thresholds.get(key);
    if (work === undefined) {
      work = new ThresholdGroup(rule, slot.window as NonNullable<RuleSlot['window']>, key, group);
      this.thresholds.set(key, work);
    }
    work.add(event, entry);
  }

  /** An event a sequence rule may use (throws what the rule's getters throw). */
  addSequence(slot: RuleSlot, rule: SequenceRule, event: AgentEvent): void {
    const group = groupKey(rule.sequence.by, event);
    const key = slot.statePrefix + group;
    const work = this.sequences.get(key);
    if (work === undefined) this.sequences.set(key, { rule, group, events: [event] });
    else work.events.push(event);
  }

  /** Applies the batch to the state (with `peek`, changes nothing); resolves to the detections it raised. */
  async run(store: StateStore, peek = false): Promise<Detection[]> {
    if (this.thresholds.size === 0 && this.sequences.size === 0) return []; // e.g. sums of events without the field
    const thresholds = [...this.thresholds.values()];
    const sequences = [...this.sequences];
    const reply = await (peek ? store.peek.bind(store) : store.apply.bind(store))({
      windows: thresholds.map((work) => work.op(this.ctx.watermarkMs)),
      sequences: sequences.map(([key]) => key),
    });
    const detections: Detection[] = [];
    thresholds.forEach((work, i) => work.detections(reply.firings[i], this.ctx.message, detections));
    const writes = sequences.map(([key, work], i): [string, SequenceGroup | undefined] => [key, this.match(work, reply.sequences[i] ?? emptyGroup(), detections)]);
    if (!peek) store.writeSequences(writes);
    return detections;
  }

  /** Runs one group's events through its sequence; the group to store, or undefined when empty. */
  private match(work: SequenceWork, state: SequenceGroup, out: Detection[]): SequenceGroup | undefined {
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
    for (const event of work.events.sort(byTime)) offer(ctx, state, event);
    return settle(ctx, state, this.ctx.watermarkMs) ? state : undefined;
  }
}
