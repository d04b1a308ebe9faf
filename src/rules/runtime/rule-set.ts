import type { WindowSpec } from '../../store/index.js';
import type { CompiledRule, IndexKey } from '../compiled.js';
import { RuleIndex } from './rule-index.js';
import { windowSpec } from './threshold.js';

/** A rule and what the engine derives from it once per rule set. */
export interface RuleSlot {
  readonly rule: CompiledRule;
  /** Position in the rule set: matched rules are reported in this order. */
  readonly ordinal: number;
  /** Prefix of the rule's state keys: the same across reloads while the rule's fingerprint is. */
  readonly statePrefix: string;
  /** Thresholds: the window as the store evaluates it. */
  readonly window: WindowSpec | undefined;
}

/** Rules ready to run: slots in rule-set order, and the index events meet them through. */
export interface RuleSet {
  readonly slots: readonly RuleSlot[];
  readonly index: RuleIndex<RuleSlot>;
}

/** Limits the rule set bakes into its windows. */
export interface RuleSetLimits {
  readonly maxWindowEntries: number;
  readonly maxEventsPerDetection: number;
}

/**
 * The keys that let a rule run. A sequence runs for an event that may match one of its steps, so
 * it is indexed by its steps' keys, unless a step has none or an `until` (which must see every
 * event of the group) is present.
 */
function indexKeys(rule: CompiledRule): readonly IndexKey[] | undefined {
  if (rule.kind !== 'sequence') return rule.index;
  const { steps, until } = rule.sequence;
  if (until !== undefined || steps.some((s) => s.index === undefined)) return undefined;
  return steps.flatMap((s) => s.index as readonly IndexKey[]);
}

/**
 * Builds a rule set. State keys carry the rule's fingerprint, so a reload keeps the state of
 * unchanged rules; a rule without one gets this load's `generation`, so its state starts afresh.
 */
export function buildRuleSet(rules: readonly CompiledRule[], generation: number, limits: RuleSetLimits): RuleSet {
  const slots = rules.map((rule, ordinal): RuleSlot => ({
    rule,
    ordinal,
    statePrefix: `${rule.id}@${rule.fingerprint ?? `load-${generation}`}\u001e`,
    window: rule.kind === 'threshold' ? windowSpec(rule.threshold, limits.maxWindowEntries, limits.maxEventsPerDetection) : undefined,
  }));
  return { slots, index: new RuleIndex(slots.map((slot) => ({ item: slot, keys: indexKeys(slot.rule) }))) };
}
