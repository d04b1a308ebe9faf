import { createHash } from 'node:crypto';
import type { AgentEvent } from '../../event/index.js';
import type { CompiledRule, Detection, DetectionEvent } from '../compiled.js';

/** How a detection names an event: the keys the annotator finds it by, and its step. */
export function eventRef(event: AgentEvent, step?: string): DetectionEvent {
  const ref = { traceId: event.traceId, spanId: event.spanId, signal: event.signal, timeUnixNano: event.timeUnixNano };
  return step === undefined ? ref : { ...ref, step };
}

/** Stable id: a hash of the rule id, the group and the events involved (the same firing always gets the same id). */
export function detectionId(ruleId: string, group: string, events: readonly DetectionEvent[]): string {
  const hash = createHash('sha256').update(ruleId).update('\0').update(group);
  for (const e of events) hash.update(`\0${e.signal}/${e.traceId}/${e.spanId}/${e.timeUnixNano}/${e.step ?? ''}`);
  return hash.digest('hex').slice(0, 32);
}

/** What one firing of a rule involves. */
export interface Firing {
  /** Group key (see group-key.ts) and its values by field name. */
  readonly group: string;
  readonly groupValues: Readonly<Record<string, string>>;
  /** In event-time order. */
  readonly events: readonly DetectionEvent[];
  /** Event time of the last involved event. */
  readonly timeMs: number;
  readonly message: string;
  /** The aggregate a threshold saw. */
  readonly value?: number;
  /** The id, when the caller already computed it. */
  readonly id?: string;
}

/** The detection of one firing of a rule. */
export function buildDetection(rule: CompiledRule, firing: Firing): Detection {
  return {
    id: firing.id ?? detectionId(rule.id, firing.group, firing.events),
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    score: rule.score,
    tags: rule.tags,
    actions: rule.actions,
    message: firing.message,
    kind: rule.kind,
    group: firing.groupValues,
    ...(firing.value === undefined ? {} : { value: firing.value }),
    timeMs: firing.timeMs,
    events: firing.events,
  };
}
