import type { CompiledRule, EventPredicate, FieldGetter, RuleMeta, StepPredicate } from '../compiled.js';
import { ConditionCompiler, type Predicate } from './codegen.js';
import { fingerprint } from './fingerprint.js';
import { deriveIndexKeys } from './index-keys.js';
import { conjuncts, readsSteps, type CheckedRule, type IrCondition, type NamedValue } from './ir.js';
import { compileTemplate } from './template.js';
import { perEvent, perEventKept } from './values.js';

// A rule matches when its condition does and none of its exceptions does.
function withExceptions(match: Predicate, excepts: readonly Predicate[]): Predicate {
  if (excepts.length === 0) return match;
  if (excepts.length === 1) {
    const [except] = excepts;
    return (event, steps) => match(event, steps) && !except(event);
  }
  return (event, steps) => {
    if (!match(event, steps)) return false;
    for (let i = 0; i < excepts.length; i++) if (excepts[i](event)) return false;
    return true;
  };
}

const all = (parts: readonly IrCondition[]): IrCondition => (parts.length === 1 ? parts[0] : { kind: 'and', operands: parts });

/**
 * A sequence step's predicate. The engine tries one event against every partial sequence of its
 * group (each with other earlier events), and again when an older event makes it replay the
 * group's buffer; the part of the step that reads only the event (and the exceptions) is decided
 * once per event, and only the part reading earlier steps runs per partial.
 */
function stepPredicate(condition: IrCondition, excepts: readonly Predicate[], conditions: ConditionCompiler): { match: StepPredicate; eventOnly: EventPredicate } {
  const parts = conjuncts(condition);
  const own = parts.filter((part) => !readsSteps(part));
  const joined = parts.filter(readsSteps);
  const eventOnly = perEventKept(withExceptions(own.length > 0 ? conditions.compile(all(own)) : () => true, excepts), conditions.keptSlot());
  if (joined.length === 0) return { match: eventOnly, eventOnly };
  const rest = conditions.compile(all(joined));
  return { match: (event, earlier) => eventOnly(event) && rest(event, earlier), eventOnly };
}

/** Whether an event could be a step or the `until` of a sequence: no other event changes its state. */
function mayUse(eventOnly: readonly EventPredicate[], until: EventPredicate | undefined): EventPredicate {
  return (event) => {
    if (until !== undefined && until(event)) return true;
    for (let i = 0; i < eventOnly.length; i++) if (eventOnly[i](event)) return true;
    return false;
  };
}

/** A checked rule as closures, its index keys and its fingerprint. */
export function compileRule(rule: CheckedRule, conditions: ConditionCompiler): CompiledRule {
  const getters = (named: readonly NamedValue[]): FieldGetter[] => named.map((n) => conditions.values.compile(n.value));
  const excepts = rule.excepts.map((c) => conditions.compile(c));
  const guarded = (condition: IrCondition): Predicate => withExceptions(conditions.compile(condition), excepts);
  const meta: RuleMeta = {
    id: rule.id,
    title: rule.title,
    description: rule.description,
    severity: rule.severity,
    score: rule.score,
    tags: rule.tags,
    actions: rule.actions,
    source: rule.source,
    message: compileTemplate(rule.message, rule.title, conditions.values),
    fingerprint: fingerprint(rule),
  };
  const body = rule.body;
  const indexOf = (condition: IrCondition) => {
    const index = deriveIndexKeys(condition);
    return index ? { index } : {};
  };
  switch (body.kind) {
    case 'single':
      return { ...meta, kind: 'single', match: guarded(body.when), ...indexOf(body.when) };
    case 'threshold': {
      const field = body.field && { field: conditions.values.compile(body.field.value), fieldName: body.field.name };
      const threshold = { aggregate: body.aggregate, ...field, op: body.op, bound: body.bound, windowMs: body.windowMs, groupBy: getters(body.by), groupByNames: body.by.map((b) => b.name) };
      return { ...meta, kind: 'threshold', match: guarded(body.when), ...indexOf(body.when), threshold };
    }
    case 'sequence': {
      const predicates = body.steps.map((step) => stepPredicate(step.when, excepts, conditions));
      const steps = body.steps.map((step, i) => ({ name: step.name, match: predicates[i].match, ...indexOf(step.when) }));
      // Asked twice per event (may the sequence use it? does it cancel?): decided once.
      const until = body.until && perEvent(conditions.compile(body.until));
      const uses = mayUse(predicates.map((p) => p.eventOnly), until);
      return { ...meta, kind: 'sequence', sequence: { steps, ...(until && { until }), mayUse: uses, windowMs: body.windowMs, by: getters(body.by), byNames: body.by.map((b) => b.name) } };
    }
  }
}
