import { fieldToText, type AgentEvent } from '../../event/index.js';
import type { FieldGetter } from '../compiled.js';

const text = (getter: FieldGetter, event: AgentEvent): string => fieldToText(getter(event)) ?? '';

/**
 * The group an event belongs to, from its `by` fields (docs/rules.md: a missing field is ""). One
 * field is its text; several are a JSON list, so no value can forge another group's key.
 */
export function groupKey(by: readonly FieldGetter[], event: AgentEvent): string {
  if (by.length === 0) return '';
  if (by.length === 1) return text(by[0], event);
  return JSON.stringify(by.map((getter) => text(getter, event)));
}

/** The group's values by field name, as a detection reports them. */
export function groupValues(names: readonly string[], key: string): Record<string, string> {
  if (names.length === 0) return {};
  if (names.length === 1) return { [names[0]]: key };
  const values = JSON.parse(key) as string[];
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}
