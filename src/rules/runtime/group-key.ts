import { fieldToText, type AgentEvent } from '../../event/index.js';
import type { FieldGetter } from '../compiled.js';

const text = (getter: FieldGetter, event: AgentEvent): string => fieldToText(getter(event)) ?? '';

// No field value can start with a NUL: a trace group can never be forged by a real value.
const TRACE_GROUP = '\u0000trace ';

/**
 * The group an event belongs to, from its `by` fields. One field is its text; several are a JSON
 * list, so no value can forge another group's key. An event missing a `by` field never joins the
 * events of other sessions that lack it too (docs/rules.md "Missing group fields"): it is grouped
 * with its own trace only, and without a trace id it joins no group (undefined).
 */
export function groupKey(by: readonly FieldGetter[], event: AgentEvent): string | undefined {
  if (by.length === 0) return '';
  if (by.length === 1) {
    const value = text(by[0], event);
    return value !== '' ? value : traceGroup(event);
  }
  const values = by.map((getter) => text(getter, event));
  return values.includes('') ? traceGroup(event) : JSON.stringify(values);
}

const traceGroup = (event: AgentEvent): string | undefined => (event.traceId === '' ? undefined : TRACE_GROUP + event.traceId);

/** The group's values by field name, as a detection reports them (a trace group: every field "" and its `trace_id`). */
export function groupValues(names: readonly string[], key: string): Record<string, string> {
  if (names.length === 0) return {};
  if (key.startsWith(TRACE_GROUP)) return { ...Object.fromEntries(names.map((name) => [name, ''])), trace_id: key.slice(TRACE_GROUP.length) };
  if (names.length === 1) return { [names[0]]: key };
  const values = JSON.parse(key) as string[];
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}
