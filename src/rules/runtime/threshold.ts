import { fieldToText, type AgentEvent } from '../../event/index.js';
import type { WindowEntry, WindowFiring, WindowOp, WindowSpec } from '../../store/index.js';
import type { CompiledRule, Detection, FieldGetter, ThresholdSpec } from '../compiled.js';
import { buildDetection, eventRef } from './detection.js';
import { groupValues } from './group-key.js';
import { lowest } from './event-clock.js';

/** A compiled threshold rule. */
export type ThresholdRule = Extract<CompiledRule, { kind: 'threshold' }>;

/** Renders a rule's message for the event that completed a detection. */
export type MessageRenderer = (rule: CompiledRule, event: AgentEvent, steps?: readonly AgentEvent[]) => string;

/** A threshold as the state store evaluates it; built once per rule set. */
export function windowSpec(threshold: ThresholdSpec, maxEntries: number, maxInvolved: number): WindowSpec {
  const { aggregate, op, bound, windowMs } = threshold;
  const decisive = aggregate !== 'count' ? undefined : op === '>' ? Math.floor(bound) + 1 : op === '>=' ? Math.max(1, Math.ceil(bound)) : undefined;
  return { aggregate, op, bound, windowMs, maxEntries, maxInvolved, decisive };
}

function numberOf(value: ReturnType<FieldGetter>): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * What an event adds to its window: one for `count`, the field's number for `sum`, the field's
 * text for `distinct`. Undefined when the field is missing (or not a number for `sum`): such an
 * event counts for nothing, like a comparison on a missing field.
 */
export function windowEntry(threshold: ThresholdSpec, event: AgentEvent, index?: number): WindowEntry | undefined {
  if (threshold.aggregate === 'count') return { timeMs: event.timeMs, value: 1, ref: eventRef(event), event: index };
  const value = (threshold.field as FieldGetter)(event);
  if (threshold.aggregate === 'sum') {
    const n = numberOf(value);
    return n === undefined ? undefined : { timeMs: event.timeMs, value: n, ref: eventRef(event), event: index };
  }
  const key = fieldToText(value);
  return key === undefined || key === '' ? undefined : { timeMs: event.timeMs, value: 1, key, ref: eventRef(event), event: index };
}

const byTime = (a: { event: AgentEvent }, b: { event: AgentEvent }): number => a.event.timeMs - b.event.timeMs;

/** One threshold group's events of one batch, gathered before the state round trip. */
export class ThresholdGroup {
  private readonly items: { event: AgentEvent; entry: WindowEntry }[] = [];

  constructor(
    readonly rule: ThresholdRule,
    private readonly spec: WindowSpec,
    private readonly stateKey: string,
    private readonly group: string,
  ) {}

  /** The batch indices of the group's events. */
  indices(): number[] {
    return this.items.map((item) => item.entry.event ?? -1);
  }

  /** Adds a matching event and its entry. */
  add(event: AgentEvent, entry: WindowEntry): void {
    this.items.push({ event, entry });
  }

  /** The window op for the store, entries in event-time order. */
  op(watermarks: Float64Array): WindowOp {
    this.items.sort(byTime);
    const entries = this.items.map((item) => item.entry);
    return { key: this.stateKey, spec: this.spec, watermarkMs: lowest(watermarks, entries.map((e) => e.event)), entries };
  }

  /** One detection per firing; the message is rendered for the latest batch event in the window. */
  detections(firings: readonly WindowFiring[], message: MessageRenderer, out: Detection[]): void {
    for (const firing of firings) {
      let last = this.items[this.items.length - 1];
      for (const item of this.items) if (item.event.timeMs <= firing.atMs) last = item;
      out.push(
        buildDetection(this.rule, {
          group: this.group,
          groupValues: groupValues(this.rule.threshold.groupByNames, this.group),
          events: firing.events,
          timeMs: firing.atMs,
          value: firing.value,
          message: message(this.rule, last.event),
        }),
      );
    }
  }
}
