import type { IndexKey } from '../compiled.js';
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
// A list of alternatives is as weak as its weakest key, and each more alternative costs a lookup.
const rankAll = (keys: readonly IndexKey[]): number => Math.max(...keys.map(rank)) + keys.length;

/** The best single key a leaf comparison (or a conjunction of them) implies. */
function leafKeys(parts: readonly IrCondition[]): IndexKey | undefined {
  const byField = new Map<string, IndexKey>();
  for (const part of parts) {
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

/**
 * The requirement the rule index files a rule under, as alternatives an event must meet one of:
 * for a conjunction, the best of what its parts require; for a disjunction, what every branch
 * requires, together (a branch that requires nothing makes the whole requirement nothing); never
 * anything from inside `not`. Undefined: the rule must meet every event.
 */
export function deriveIndexKeys(condition: IrCondition): readonly IndexKey[] | undefined {
  if (condition.kind === 'not') return undefined;
  if (condition.kind === 'or') {
    const branches = condition.operands.map(deriveIndexKeys);
    if (branches.some((b) => b === undefined)) return undefined;
    return mergeAlternatives(branches.flat() as IndexKey[]);
  }
  const parts = conjuncts(condition);
  const candidates: (readonly IndexKey[])[] = [];
  const leaf = leafKeys(parts);
  if (leaf) candidates.push([leaf]);
  for (const part of parts) {
    if (part.kind !== 'or') continue;
    const alternatives = deriveIndexKeys(part);
    if (alternatives) candidates.push(alternatives);
  }
  let best: readonly IndexKey[] | undefined;
  for (const keys of candidates) if (best === undefined || rankAll(keys) < rankAll(best)) best = keys;
  return best;
}

/** Alternatives on the same field fold into one: value sets join, presence absorbs values. */
function mergeAlternatives(keys: readonly IndexKey[]): IndexKey[] {
  const byField = new Map<string, IndexKey>();
  for (const key of keys) {
    const earlier = byField.get(key.field);
    if (earlier === undefined) byField.set(key.field, key);
    else if (earlier.values === undefined || key.values === undefined) byField.set(key.field, { field: key.field });
    else byField.set(key.field, { field: key.field, values: [...new Set([...earlier.values, ...key.values])] });
  }
  return [...byField.values()];
}
