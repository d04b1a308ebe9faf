import type { ListLiteral, Literal, StringOp, Value } from './ast.js';
import type { CheckContext } from './check-context.js';
import { parseCidr, type Cidr } from './cidr.js';
import { typeWords } from './check-value.js';
import type { Span } from './diagnostics.js';
import { globError } from './glob.js';
import { regexError, type Pattern } from './regex.js';
import type { ValueType } from './values.js';

/** The right side of an operator when it is a list: written in place, or a list's name. */
export interface Items {
  readonly items: readonly Literal[];
  readonly at: Span;
}

/**
 * The right side as a list of literals when it is one (`[…]`, `(…)`, a list name, or a single
 * literal for the string operators); undefined when it is a value to evaluate per event.
 */
export function itemsOf(ctx: CheckContext, right: Value | ListLiteral, singleLiteral: boolean): Items | undefined {
  if (right.kind === 'list') return right;
  if (right.kind === 'reference' && right.key === undefined) {
    const items = ctx.list(right.name);
    if (items) return { items, at: right.at };
  }
  if (singleLiteral && right.kind !== 'reference' && right.kind !== 'call') return { items: [right], at: right.at };
  return undefined;
}

// Converts every item, reporting each bad one; one bad item fails the whole list.
function eachItem<T>(items: Items, convert: (item: Literal) => T | undefined): T[] | undefined {
  const out: T[] = [];
  let ok = true;
  for (const item of items.items) {
    const value = convert(item);
    if (value === undefined) ok = false;
    else out.push(value);
  }
  return ok ? out : undefined;
}

/** Items of an `in` (or `==` with a list): strings and numbers matching the left side's type. */
export function inItems(ctx: CheckContext, items: Items, left: ValueType, leftAt: Span): (string | number)[] | undefined {
  return eachItem(items, (item) => {
    if (item.kind !== 'string' && item.kind !== 'number') return ctx.error(item.at, 'type', `a list for \`in\` holds strings and numbers, not ${ctx.quote(item.at)}`);
    const type: ValueType = item.kind === 'string' ? 'string' : 'number';
    if (left !== 'any' && type !== left) return ctx.error(item.at, 'type', `${ctx.quote(leftAt)} is ${typeWords(left)}, but ${ctx.quote(item.at)} is ${typeWords(type)}`);
    return item.value;
  });
}

const needText = (ctx: CheckContext, op: StringOp, item: Literal): undefined =>
  ctx.error(item.at, 'type', item.kind === 'regex' ? 'a regular expression goes with `matches`' : `\`${op}\` takes text, but ${ctx.quote(item.at)} is not a string`);

/** Strings for contains / icontains / startswith / endswith / glob, each validated for the operator. */
export function textItems(ctx: CheckContext, op: StringOp, items: Items): string[] | undefined {
  return eachItem(items, (item) => {
    if (item.kind !== 'string') return needText(ctx, op, item);
    const error = op === 'glob' ? globError(item.value) : undefined;
    return error === undefined ? item.value : ctx.error(item.at, 'bad-glob', error);
  });
}

/** Patterns for `matches`: regex literals or strings, each compiled by RE2 once to check it. */
export function patternItems(ctx: CheckContext, items: Items): Pattern[] | undefined {
  return eachItem(items, (item) => {
    if (item.kind !== 'regex' && item.kind !== 'string') return needText(ctx, 'matches', item);
    const pattern = item.kind === 'regex' ? { source: item.pattern, flags: item.flags } : { source: item.value, flags: '' };
    const error = regexError(pattern);
    return error === undefined ? pattern : ctx.error(item.at, 'bad-regex', error);
  });
}

/** Address ranges for `cidr`. */
export function cidrItems(ctx: CheckContext, items: Items): Cidr[] | undefined {
  return eachItem(items, (item) => {
    if (item.kind !== 'string') return needText(ctx, 'cidr', item);
    const cidr = parseCidr(item.value);
    return typeof cidr === 'string' ? ctx.error(item.at, 'bad-cidr', cidr) : cidr;
  });
}
