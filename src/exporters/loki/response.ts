import type { SendResult } from '../component.js';

/** The reasons Loki gives for refusing entries (pkg/validation), as counted drop reasons. */
const REASONS: readonly (readonly [RegExp, string])[] = [
  [/out of order|too far behind/i, 'out_of_order'],
  [/too old|greater_than_max_sample_age|reject_old_samples/i, 'too_old'],
  [/too far in the future|too_far_in_future/i, 'too_new'],
  [/line too long|max entry size/i, 'line_too_long'],
  [/label/i, 'bad_labels'],
];

/**
 * A 400 from the push API: Loki ingests the valid entries of a push and refuses the others,
 * saying "total ignored: N out of M" when it can count them. The refused entries are dropped
 * under the reason its message gives; a 400 must never be retried (it would fail the same way).
 */
export function resultOf400<R>(message: string, items: number): SendResult<R> {
  const reason = REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'http_400';
  const counted = /total ignored: (\d+) out of (\d+)/.exec(message);
  const ignored = counted === null ? items : Math.min(items, Number(counted[1]));
  if (ignored < items) return { outcome: 'sent', rejected: ignored, reason };
  return { outcome: 'drop', reason, count: items };
}
