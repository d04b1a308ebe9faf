import { createHash } from 'node:crypto';
import type { CheckedRule } from './ir.js';

// Functions (field readers, compile hooks) are code, not definition: the names beside them say what they do.
const replacer = (_key: string, value: unknown): unknown => (typeof value === 'function' ? undefined : value);

/**
 * A hash of what a rule does: its checked form with lists and macros expanded, without where it
 * was written. Equal fingerprints across a reload mean the rule's state may be kept.
 */
export function fingerprint(rule: CheckedRule): string {
  const { source: _where, ...definition } = rule;
  return createHash('sha256').update(JSON.stringify(definition, replacer)).digest('hex').slice(0, 32);
}
