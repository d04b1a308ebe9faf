import { resolveField } from '../../event/index.js';
import type { CompareOp, Condition, ListLiteral, StringOp, Value } from './ast.js';
import { EVENT_SCOPE, type CheckContext, type Scope } from './check-context.js';
import { cidrItems, inItems, itemsOf, patternItems, textItems } from './check-operand.js';
import { checkQuantifier } from './check-quantifier.js';
import { checkValue, typeWords } from './check-value.js';
import type { Span } from './diagnostics.js';
import type { IrCondition, IrValue, TextOp } from './ir.js';
import { didYouMean } from './suggest.js';
import { compatible } from './values.js';

type Of<K extends Condition['kind']> = Extract<Condition, { kind: K }>;

const all = <T>(values: readonly (T | undefined)[]): T[] | undefined => (values.every((v) => v !== undefined) ? (values as T[]) : undefined);

function checkBare(ctx: CheckContext, condition: Of<'bare'>): IrCondition | undefined {
  const { value, at } = condition;
  if (value.kind !== 'reference' || value.key !== undefined) {
    return ctx.error(at, 'syntax', `${ctx.quote(at)} is a value, not a condition; compare it (\`==\`, \`in\`, \`contains\`, …) or test it with \`exists\``);
  }
  const macro = ctx.collected.macros.get(value.name);
  if (macro) return ctx.macro(value.name, (c) => checkCondition(c, EVENT_SCOPE, macro.body));
  if (ctx.isBroken('macro', value.name)) return undefined;
  if (resolveField(value.name)) {
    return ctx.error(at, 'type', `\`${value.name}\` is a field, not a condition; compare it (\`${value.name} == …\`) or test it (\`${value.name} exists\`)`);
  }
  return ctx.error(at, 'unknown-macro', `unknown macro \`${value.name}\`${didYouMean(value.name, ctx.collected.macros.keys())}`);
}

// Ordering compares numbers; equality compares values of one type.
function compareTypes(ctx: CheckContext, op: CompareOp, left: IrValue, right: IrValue, leftAt: Span, rightAt: Span, at: Span): boolean {
  if (op === '==' || op === '!=') {
    if (compatible(left.type, right.type)) return true;
    ctx.error(at, 'type', `cannot compare ${typeWords(left.type)} (${ctx.quote(leftAt)}) with ${typeWords(right.type)} (${ctx.quote(rightAt)})`);
    return false;
  }
  const bad = !compatible(left.type, 'number') ? { value: left, at: leftAt } : !compatible(right.type, 'number') ? { value: right, at: rightAt } : undefined;
  if (bad === undefined) return true;
  ctx.error(bad.at, 'type', `\`${op}\` compares numbers, but ${ctx.quote(bad.at)} is ${typeWords(bad.value.type)}`);
  return false;
}

function checkIn(ctx: CheckContext, scope: Scope, negated: boolean, leftAst: Value, right: Value | ListLiteral, opAt: Span): IrCondition | undefined {
  const value = checkValue(ctx, scope, leftAst);
  const items = itemsOf(ctx, right, false);
  if (items === undefined) {
    if (right.kind === 'reference' && right.key === undefined && !resolveField(right.name)) {
      if (ctx.isBroken('list', right.name)) return undefined;
      return ctx.error(right.at, 'unknown-list', `unknown list \`${right.name}\`${didYouMean(right.name, ctx.collected.lists.keys())}`);
    }
    return ctx.error(right.at, 'type', `${ctx.quote(opAt)} needs a list: \`[…]\` or a list's name`);
  }
  const values = value && inItems(ctx, items, value.type, leftAst.at);
  return value && values && { kind: 'in', negated, value, items: values };
}

function checkCompare(ctx: CheckContext, scope: Scope, condition: Of<'compare'>): IrCondition | undefined {
  const { op, left, right, opAt, at } = condition;
  if (itemsOf(ctx, right, false)) {
    if (op === '==' || op === '!=') return checkIn(ctx, scope, op === '!=', left, right, opAt);
    return ctx.error(right.at, 'type', `\`${op}\` compares single values, not a list`);
  }
  const l = checkValue(ctx, scope, left);
  const r = checkValue(ctx, scope, right as Value);
  return l && r && compareTypes(ctx, op, l, r, left.at, right.at, at) ? { kind: 'compare', op, left: l, right: r } : undefined;
}

function checkStringOp(ctx: CheckContext, scope: Scope, condition: Of<'string-op'>): IrCondition | undefined {
  const { op, left, right } = condition;
  let value = checkValue(ctx, scope, left);
  if (value && !compatible(value.type, 'string')) value = ctx.error(left.at, 'type', `\`${op}\` tests text, but ${ctx.quote(left.at)} is ${typeWords(value.type)}`);
  const items = itemsOf(ctx, right, true);
  if (items === undefined) {
    if (op === 'glob' || op === 'matches' || op === 'cidr') {
      if (right.kind === 'reference' && ctx.isBroken('list', right.name)) return undefined;
      return ctx.error(right.at, 'type', `the pattern of \`${op}\` is written in the rule: a string, a list, or a list's name`);
    }
    const other = checkValue(ctx, scope, right as Value);
    if (other && !compatible(other.type, 'string')) return ctx.error(right.at, 'type', `\`${op}\` takes text, but ${ctx.quote(right.at)} is ${typeWords(other.type)}`);
    return value && other && { kind: 'text-value', op: op as TextOp, value, other };
  }
  switch (op as StringOp) {
    case 'matches': {
      const patterns = patternItems(ctx, items);
      return value && patterns && { kind: 'matches', value, patterns };
    }
    case 'cidr': {
      const ranges = cidrItems(ctx, items);
      return value && ranges && { kind: 'cidr', value, ranges };
    }
    case 'glob': {
      const globs = textItems(ctx, op, items);
      return value && globs && { kind: 'glob', value, globs };
    }
    default: {
      const needles = textItems(ctx, op, items);
      return value && needles && { kind: 'text', op: op as TextOp, value, needles };
    }
  }
}

/** Resolves and types a condition, reporting every problem in it; undefined when there is one. */
export function checkCondition(ctx: CheckContext, scope: Scope, condition: Condition): IrCondition | undefined {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const operands = all(condition.operands.map((c) => checkCondition(ctx, scope, c)));
      return operands && { kind: condition.kind, operands };
    }
    case 'not': {
      const operand = checkCondition(ctx, scope, condition.operand);
      return operand && { kind: 'not', operand };
    }
    case 'exists': {
      const value = checkValue(ctx, scope, condition.value);
      return value && { kind: 'exists', value };
    }
    case 'bare':
      return checkBare(ctx, condition);
    case 'in':
      return checkIn(ctx, scope, condition.negated, condition.left, condition.right, condition.opAt);
    case 'compare':
      return checkCompare(ctx, scope, condition);
    case 'string-op':
      return checkStringOp(ctx, scope, condition);
    case 'quantifier':
      return checkQuantifier(ctx, scope, condition, checkCondition);
  }
}
