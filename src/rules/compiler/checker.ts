import type { Literal } from './ast.js';
import { CheckContext, EVENT_SCOPE } from './check-context.js';
import { checkCondition } from './check-condition.js';
import { checkRule } from './check-rule.js';
import type { Collected } from './collect.js';
import type { Diagnostic } from './diagnostics.js';
import type { CheckedRule, IrCondition } from './ir.js';

/** A list item as the compile result reports it: a regular expression as `/…/flags`. */
export type ListItem = string | number;

const LISTABLE = new Set<Literal['kind']>(['string', 'number', 'regex']);

/**
 * Checks a collected rule set: every list, every macro (used or not) and every rule, each
 * problem reported once with its position. Returns the rules that passed, the lists, and the
 * checked macro bodies (which code generation evaluates once per event).
 */
export function checkRuleSet(collected: Collected, diagnostics: Diagnostic[]): { rules: CheckedRule[]; lists: Map<string, ListItem[]>; macros: Set<IrCondition> } {
  const ctx = new CheckContext(collected, diagnostics);
  const lists = new Map<string, ListItem[]>();
  for (const [name, list] of collected.lists) {
    for (const item of list.items) if (!LISTABLE.has(item.kind)) ctx.error(item.at, 'type', `a list holds strings, numbers and regular expressions, not ${ctx.quote(item.at)}`);
    lists.set(name, list.items.map((item) => (item.kind === 'regex' ? `/${item.pattern}/${item.flags}` : (item as { value: string | number }).value)));
  }
  for (const [name, macro] of collected.macros) ctx.macro(name, (c) => checkCondition(c, EVENT_SCOPE, macro.body));
  const rules = collected.rules.map((rule) => checkRule(ctx, rule)).filter((rule): rule is CheckedRule => rule !== undefined);
  return { rules, lists, macros: ctx.macroBodies() };
}
