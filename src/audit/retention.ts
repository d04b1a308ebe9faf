import { readFileSync, rmSync, statSync } from 'node:fs';
import type { Digest } from './digest.js';
import { digestPath, listSegments, segmentPath } from './segments.js';

/** How much of the trail is kept; 0 turns a bound off. */
export interface RetentionPolicy {
  readonly maxAgeMs: number;
  readonly maxBytes: number;
}

/** What one retention pass removed; written to the trail as an `audit.retention` record. */
export interface Pruned {
  readonly pruned_through_segment: number;
  readonly pruned_through_seq: number;
  readonly segments: number;
}

const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/**
 * Removes the oldest sealed segments (with their digests) past the age or size bound, oldest
 * first, never the newest sealed one: its digest anchors what remains, and the record of this
 * pass tells a verifier that the missing segments were pruned, not deleted.
 */
export function pruneSegments(dir: string, policy: RetentionPolicy, openSegment: number, nowMs: number): Pruned | undefined {
  if (policy.maxAgeMs === 0 && policy.maxBytes === 0) return undefined;
  const { numbers, digests } = listSegments(dir);
  const sealed = numbers.filter((n) => n < openSegment && digests.has(n));
  let total = numbers.reduce((sum, n) => sum + sizeOf(segmentPath(dir, n)) + sizeOf(digestPath(dir, n)), 0);
  let last: { segment: number; seq: number } | undefined;
  let count = 0;
  for (const n of sealed.slice(0, -1)) {
    const digest = JSON.parse(readFileSync(digestPath(dir, n), 'utf8')) as Digest;
    const tooOld = policy.maxAgeMs > 0 && nowMs - Date.parse(digest.sealed_at) > policy.maxAgeMs;
    const tooBig = policy.maxBytes > 0 && total > policy.maxBytes;
    if (!tooOld && !tooBig) break;
    total -= sizeOf(segmentPath(dir, n)) + sizeOf(digestPath(dir, n));
    rmSync(segmentPath(dir, n), { force: true });
    rmSync(digestPath(dir, n), { force: true });
    last = { segment: n, seq: digest.last_seq };
    count++;
  }
  return last && { pruned_through_segment: last.segment, pruned_through_seq: last.seq, segments: count };
}
