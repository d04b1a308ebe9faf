import type { Detection } from '../compiled.js';
import { detectionId } from './detection.js';
import type { RuleSet } from './rule-set.js';

/** The detection a flood of new state keys raises (it is no rule of the rule set). */
export const FLOOD_RULE_ID = 'vigil.state.key_flood';

// One detection per rule per minute however long the flood lasts.
const QUIET_MS = 60_000;

/**
 * Turns the store's report that a rule evicted idle groups (more new keys than its budget holds:
 * throw-away sessions sent to flush the state of a real one) into a detection.
 */
export class FloodAlarm {
  private readonly last = new Map<string, number>();

  constructor(private readonly rules: () => RuleSet) {}

  /** The detection for one flooded key space, unless that rule raised one within the last minute. */
  detect(flood: { readonly space: string; readonly evicted: number }, nowMs: number): Detection | undefined {
    const slot = this.rules().slots.find((s) => s.statePrefix === flood.space);
    const ruleId = slot?.rule.id ?? flood.space;
    const last = this.last.get(ruleId);
    if (last !== undefined && nowMs - last < QUIET_MS) return undefined;
    this.last.set(ruleId, nowMs);
    if (this.last.size > 10_000) this.last.delete(this.last.keys().next().value as string);
    return {
      id: detectionId(FLOOD_RULE_ID, `${ruleId}@${nowMs}`, []),
      ruleId: FLOOD_RULE_ID,
      title: 'Flood of new state keys',
      severity: 'high',
      score: 60,
      tags: ['state-flood', 'T1499'],
      actions: ['alert'],
      message: `Rule ${ruleId}: ${flood.evicted} idle groups evicted by new keys beyond its state budget`,
      kind: 'threshold',
      group: { rule: ruleId },
      value: flood.evicted,
      timeMs: nowMs,
      events: [],
    };
  }
}
