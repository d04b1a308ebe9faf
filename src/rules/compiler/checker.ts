import type { Literal } from './ast.js';
import { CheckContext, EVENT_SCOPE } from './check-context.js';
import { checkCondition } from './check-condition.js';
import type { TuningNote } from './check-meta.js';
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
export function checkRuleSet(
  collected: Collected,
  diagnostics: Diagnostic[],
): { rules: CheckedRule[]; lists: Map<string, ListItem[]>; macros: Set<IrCondition>; tuning: TuningNote[] } {
  const ctx = new CheckContext(collected, diagnostics);
  const lists = new Map<string, ListItem[]>();
  for (const [name, list] of collected.lists) {
    for (const item of list.items) if (!LISTABLE.has(item.kind)) ctx.error(item.at, 'type', `a list holds strings, numbers and regular expressions, not ${ctx.quote(item.at)}`);
    lists.set(name, list.items.map((item) => (item.kind === 'regex' ? `/${item.pattern}/${item.flags}` : (item as { value: string | number }).value)));
  }
  for (const [name, macro] of collected.macros) ctx.macro(name, (c) => checkCondition(c, EVENT_SCOPE, macro.body));
  const tuning: TuningNote[] = [];
  for (const [name, list] of collected.lists) {
    for (const { item, at } of list.removed) tuning.push({ subject: `list ${name}`, change: `removed ${ctx.quote(item.at).slice(1, -1)}`, source: `${at.source.path}:${at.source.position(at.start).line}` });
  }
  const checked = collected.rules.map((rule) => checkRule(ctx, rule, tuning)).filter((rule): rule is CheckedRule => rule !== undefined);
  // A disabled rule is still checked (a mistake in it is reported) but never compiled.
  return { rules: checked.filter((rule) => rule.enabled), lists, macros: ctx.macroBodies(), tuning };
}
