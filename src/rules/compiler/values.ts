import { fieldToText, type AgentEvent, type FieldValue } from '../../event/index.js';

/** The static type of a value in a rule: what the checker knows before any event is seen. */
export type ValueType = 'string' | 'number' | 'boolean' | 'any' | 'list';

/**
 * A compiled value: reads the event (and, in a sequence step or a sequence's message, the events
 * of the steps, by step index).
 */
export type Evaluator = (event: AgentEvent, steps?: readonly AgentEvent[]) => FieldValue;

/** Whether a value of type `a` may meet one of type `b` (`any` meets everything). */
export function compatible(a: ValueType, b: ValueType): boolean {
  return a === b || a === 'any' || b === 'any';
}

/** A value as text for string operators; undefined when absent (null, undefined or ''). */
export function asText(value: FieldValue): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return value == null ? undefined : fieldToText(value);
}

/** A value as a number: numbers, and strings that spell one; undefined otherwise. */
export function asNumber(value: FieldValue): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

/** A value as a boolean: booleans, and the strings `true` / `false`; undefined otherwise. */
export function asBoolean(value: FieldValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** `exists`: present and not empty (no '', no empty list, no empty map). */
export function isPresent(value: FieldValue): boolean {
  if (value == null || value === '') return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length > 0;
  for (const _ in value) return true;
  return false;
}

/**
 * A function of the event alone, remembered for the event last seen: the engine runs every rule
 * on one event before the next, so what many rules share (a macro, `b64decode(concat(…))`) is
 * computed once per event. Only the last event is kept: a WeakMap entry per event at every shared
 * value cost far more in garbage collection than it saved (measured with the shipped rules).
 */
export function perEvent<T>(compute: (event: AgentEvent) => T): (event: AgentEvent) => T {
  let last: AgentEvent | undefined;
  let result!: T;
  return (event) => {
    if (event !== last) {
      result = compute(event);
      last = event;
    }
    return result;
  };
}

/** Where a rule set keeps a step's answers on the events themselves (see perEventKept). */
export interface KeptSlot {
  /** Whose slots these are: answers another rule set left on an event are not read. */
  readonly owner: object;
  readonly slot: number;
}

/**
 * perEvent for sequence steps: the engine matches a group's buffered events again when an older
 * event arrives, so a step keeps its answer on the event (a slot of `event.derived`, dropped with
 * the event; a WeakMap per step cost more in garbage collection than the steps themselves).
 */
export function perEventKept(compute: (event: AgentEvent) => boolean, { owner, slot }: KeptSlot): (event: AgentEvent) => boolean {
  return perEvent((event) => {
    let kept = event.derived;
    if (kept === undefined || kept.owner !== owner) kept = event.derived = { owner, values: [] };
    let result = kept.values[slot] as boolean | undefined;
    if (result === undefined) kept.values[slot] = result = compute(event);
    return result;
  });
}
