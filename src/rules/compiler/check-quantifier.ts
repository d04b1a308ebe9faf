import { FIELD_NAMES, resolveField, type ElementType, type FieldValue } from '../../event/index.js';
import type { Condition, Reference } from './ast.js';
import type { CheckContext, Scope } from './check-context.js';
import { checkValue, typeWords } from './check-value.js';
import type { ElementCell, IrCondition, IrValue } from './ir.js';
import { didYouMean } from './suggest.js';

type Quantifier = Extract<Condition, { kind: 'quantifier' }>;
type CheckBody = (ctx: CheckContext, scope: Scope, condition: Condition) => IrCondition | undefined;

const ANY_ELEMENT: ElementType = { kind: 'scalar', type: 'any' };

// An element name may not hide a field, a field's first part (`file` of `file.path`), a step or an outer element.
function nameProblem(scope: Scope, name: string): string | undefined {
  if (resolveField(name) || FIELD_NAMES.some((f) => f.startsWith(`${name}.`))) return `\`${name}\` is a field name`;
  if (scope.steps.includes(name)) return `\`${name}\` is a step of this sequence`;
  if (scope.bindings?.has(name)) return `\`${name}\` already names an element here`;
  return undefined;
}

/** `any c in LIST (…)` / `all c in LIST (…)`: the list checked, the body checked with `c` readable. */
export function checkQuantifier(ctx: CheckContext, scope: Scope, q: Quantifier, checkBody: CheckBody): IrCondition | undefined {
  const list = checkValue(ctx, scope, q.list);
  const problem = nameProblem(scope, q.name.text);
  if (problem !== undefined) ctx.error(q.name.at, 'duplicate', `${problem}: name the element otherwise (\`${q.mode} c in …\`)`);
  if (list && list.type !== 'list' && list.type !== 'any') {
    return ctx.error(q.list.at, 'type', `\`${q.mode}\` goes over a list (commands, pipes, recipients, c.args, …), but ${ctx.quote(q.list.at)} is ${typeWords(list.type)}`);
  }
  const element = (list?.kind === 'field' && list.element) || ANY_ELEMENT;
  const cell: ElementCell = { value: undefined };
  const bindings = new Map(scope.bindings ?? []);
  bindings.set(q.name.text, { element, cell });
  const body = checkBody(ctx, { ...scope, bindings }, q.body);
  return list && body && problem === undefined ? { kind: 'quantifier', mode: q.mode, value: list, cell, body } : undefined;
}

/**
 * `c` or `c.exe` inside a quantifier: the element, or one of its fields. Null when the name's
 * first part is no element in scope (it is then a field or a step's).
 */
export function checkBoundReference(ctx: CheckContext, scope: Scope, ref: Reference): IrValue | undefined | null {
  const dot = ref.name.indexOf('.');
  const head = dot < 0 ? ref.name : ref.name.slice(0, dot);
  const binding = scope.bindings?.get(head);
  if (binding === undefined) return null;
  const { element, cell } = binding;
  if (ref.key !== undefined) return ctx.error(ref.at, 'type', `\`${head}\` is an element; \`[…]\` reads attributes and resources only`);
  if (dot < 0) {
    if (element.kind === 'record') {
      return ctx.error(ref.at, 'type', `\`${head}\` has fields: read one (${Object.keys(element.fields).map((f) => `\`${head}.${f}\``).join(', ')})`);
    }
    return { kind: 'field', type: element.type, name: ref.name, read: () => cell.value, bound: true };
  }
  const field = ref.name.slice(dot + 1);
  const spec = element.kind === 'record' ? element.fields[field] : undefined;
  if (spec === undefined) {
    const known = element.kind === 'record' ? Object.keys(element.fields) : [];
    return ctx.error(ref.at, 'unknown-field', `\`${head}\` has no field \`${field}\`${didYouMean(field, known) || (known.length ? `; its fields are ${known.join(', ')}` : '; it is a plain value')}`);
  }
  const read = (): FieldValue => {
    const value = cell.value;
    return value == null || typeof value !== 'object' || Array.isArray(value) ? undefined : (value as { readonly [key: string]: FieldValue })[field];
  };
  return { kind: 'field', type: spec.type, name: ref.name, read, bound: true, ...(spec.element && { element: spec.element }) };
}
