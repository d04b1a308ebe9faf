import type { IndexKey } from './compiled.js';
import { conjuncts, type IrCondition, type IrValue } from './ir.js';

// Fields every event has: requiring their presence selects nothing.
const ALWAYS_PRESENT = new Set(['signal', 'name', 'kind', 'status.code', 'trace_id', 'span_id', 'time', 'start_time', 'duration_ms', 'severity', 'late']);
// Present on most events of an agent, so a weak selector when there is anything better.
const COMMON = new Set(['session.id', 'agent.id', 'agent.name', 'user.id', 'model', 'service.name', 'operation', 'signal']);

/** A plain field a value reads, when the value is absent whenever that field is (field, or strict function of it). */
function requiredField(value: IrValue): IrValue & { kind: 'field' } | undefined {
  if (value.kind === 'field') return value.step === undefined && value.key === undefined ? value : undefined;
  if (value.kind === 'call' && value.fn.strict && value.args.length === 1) return requiredField(value.args[0]);
  return undefined;
}

// `field == "x"`, `"x" == field` or `field in [...]` on a text field: the values it must hold.
function valueKey(condition: IrCondition): IndexKey | undefined {
  if (condition.kind === 'compare' && condition.op === '==') {
    const [field, other] = condition.left.kind === 'field' ? [condition.left, condition.right] : [condition.right, condition.left];
    if (field.kind === 'field' && field.type === 'string' && field.step === undefined && field.key === undefined && other.kind === 'const' && typeof other.value === 'string') {
      return { field: field.name, values: [other.value] };
    }
  }
  if (condition.kind === 'in' && !condition.negated && condition.value.kind === 'field' && condition.value.type === 'string') {
    const { step, key, name } = condition.value;
    if (step === undefined && key === undefined && condition.items.every((i) => typeof i === 'string')) return { field: name, values: condition.items as string[] };
  }
  return undefined;
}

// Every comparison is false on an absent value, so each one requires the fields it reads.
function presenceKeys(condition: IrCondition): IndexKey[] {
  const values: IrValue[] =
    condition.kind === 'compare' ? [condition.left, condition.right] : condition.kind === 'text-value' ? [condition.value, condition.other] : 'value' in condition ? [condition.value] : [];
  return values.map(requiredField).flatMap((f) => (f && !ALWAYS_PRESENT.has(f.name) ? [{ field: f.name }] : []));
}

// Lower is better: a value set beats presence; a rare field beats a common one; fewer values beat more.
const rank = (key: IndexKey): number => (key.values ? 0 : 1000) + (COMMON.has(key.field) ? 100 : 0) + (key.values?.length ?? 0);

/**
 * The one requirement of a condition the rule index files the rule under: from the top-level
 * AND-ed comparisons only (never inside `not` or `or`), a value set on a field if there is one,
 * else a field that must be present. Undefined: the rule must meet every event.
 */
export function deriveIndexKey(condition: IrCondition): IndexKey | undefined {
  const byField = new Map<string, IndexKey>();
  for (const part of conjuncts(condition)) {
    const key = valueKey(part);
    if (key) {
      // Two value sets on one field: the field must hold a value in both.
      const earlier = byField.get(key.field)?.values;
      byField.set(key.field, earlier ? { field: key.field, values: earlier.filter((v) => key.values!.includes(v)) } : key);
    }
    for (const presence of presenceKeys(part)) if (!byField.has(presence.field)) byField.set(presence.field, presence);
  }
  let best: IndexKey | undefined;
  for (const key of byField.values()) if (best === undefined || rank(key) < rank(best)) best = key;
  return best;
}
