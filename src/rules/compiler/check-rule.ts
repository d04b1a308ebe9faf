import type { RuleItem } from './ast.js';
import { EVENT_SCOPE, type CheckContext, type Scope } from './check-context.js';
import { checkCondition } from './check-condition.js';
import { applyOverrides, checkMeta, type TuningNote } from './check-meta.js';
import { checkTemplate } from './check-template.js';
import { checkSequence, checkThreshold } from './check-window.js';
import type { CollectedRule } from './collect.js';
import type { CheckedRule, IrCondition } from './ir.js';

type Item<K extends RuleItem['kind']> = Extract<RuleItem, { kind: K }>;

function only<K extends RuleItem['kind']>(ctx: CheckContext, items: readonly RuleItem[], kind: K, label: string): Item<K> | undefined {
  const found = items.filter((item): item is Item<K> => item.kind === kind);
  for (const extra of found.slice(1)) ctx.error(extra.at, 'duplicate', `\`${label}\` is given twice`);
  return found[0];
}

function checkBody(ctx: CheckContext, rule: CollectedRule): CheckedRule['body'] | undefined {
  const { items, id } = rule.decl;
  const when = only(ctx, items, 'when', 'when:');
  const threshold = only(ctx, items, 'threshold', 'threshold:');
  const sequence = only(ctx, items, 'sequence', 'sequence');
  if (when && sequence) return ctx.error(sequence.at, 'bad-property', 'a rule has `when:` or `sequence`, not both');
  if (threshold && !when) return ctx.error(threshold.at, 'missing-property', '`threshold:` counts the events `when:` selects; add `when:`');
  if (sequence) return checkSequence(ctx, sequence);
  if (!when) return ctx.error(id.at, 'missing-property', `rule \`${id.text}\` has no \`when:\` (or \`sequence\`)`);
  const condition = checkCondition(ctx, EVENT_SCOPE, when.condition);
  if (threshold) return condition && checkThreshold(ctx, threshold, condition);
  return condition && { kind: 'single', when: condition };
}

// Exceptions of the rule and of every `extend rule`: names unique, conditions on the event alone.
function checkExcepts(ctx: CheckContext, rule: CollectedRule, scope: Scope): IrCondition[] {
  const seen = new Set<string>();
  const excepts: IrCondition[] = [];
  for (const item of [...rule.decl.items.filter((i): i is Item<'except'> => i.kind === 'except'), ...rule.extensions]) {
    if (seen.has(item.name.text)) ctx.error(item.name.at, 'duplicate', `rule \`${rule.decl.id.text}\` already has an exception \`${item.name.text}\``);
    seen.add(item.name.text);
    const condition = checkCondition(ctx, scope, item.condition);
    if (condition) excepts.push(condition);
  }
  return excepts;
}

/** Checks one rule with its extensions; undefined when anything in it is wrong (all of it reported). */
export function checkRule(ctx: CheckContext, rule: CollectedRule, notes: TuningNote[]): CheckedRule | undefined {
  const errors = ctx.errors;
  const { id, at } = rule.decl;
  const tuned = applyOverrides(ctx, id.text, checkMeta(ctx, id, rule.decl.items), rule.overrides);
  const meta = tuned.meta;
  notes.push(...tuned.notes);
  const body = checkBody(ctx, rule);
  const steps = body?.kind === 'sequence' ? body.steps.map((s) => s.name) : [];
  const excepts = checkExcepts(ctx, rule, { steps, readable: 0, role: 'an exception' });
  // A sequence's message may read every step's event (the message is built when the last one arrives).
  const messageScope: Scope = { steps, readable: steps.length, role: 'the message' };
  const message = meta.message && checkTemplate(ctx, messageScope, meta.message);
  if (ctx.errors > errors || body === undefined) return undefined;
  const { line, column } = at.source.position(at.start);
  return {
    id: id.text,
    enabled: tuned.enabled,
    title: meta.title!,
    description: meta.description ?? '',
    severity: meta.severity!,
    score: meta.score!,
    tags: meta.tags ?? [],
    actions: meta.actions ?? [],
    source: `${at.source.path}:${line}:${column}`,
    ...(message && { message }),
    excepts,
    body,
  };
}
