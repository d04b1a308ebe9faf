import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256, type AuditRecord } from './chain.js';
import { checkRecords, seqRange, type SegmentExpectation } from './check-records.js';
import { digestFileHash, digestSignatureValid, type Digest } from './digest.js';
import { fingerprint } from './keys.js';
import { digestPath, listSegments, segmentLabel, segmentPath } from './segments.js';

/** The outcome of verifying a trail: every problem (none means OK) and what was checked. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly segments: number;
  readonly records: number;
  readonly sealed: number;
  /** Things true of a sound trail worth saying: the open segment, segments pruned by retention. */
  readonly notes: readonly string[];
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

function parseDigest(text: string): Digest | undefined {
  try {
    const digest = JSON.parse(text) as Digest;
    return typeof digest.signature === 'string' && Number.isSafeInteger(digest.last_seq) ? digest : undefined;
  } catch {
    return undefined;
  }
}

/** Checks one digest: parsed, signed by this key, and chained to the digest before it. */
function checkDigest(n: number, text: string, publicKey: KeyObject, prevDigestHash: string | null | undefined, problems: string[]): Digest | undefined {
  const label = segmentLabel(n);
  const digest = parseDigest(text);
  if (digest === undefined) return void problems.push(`${label}: forged digest (not a digest)`);
  const expected = fingerprint(publicKey);
  if (digest.key !== expected) return void problems.push(`${label}: wrong key (digest signed by key ${digest.key}, verifying with key ${expected})`);
  if (!digestSignatureValid(digest, publicKey) || digest.segment !== n) return void problems.push(`${label}: forged digest (its signature does not verify)`);
  if (prevDigestHash !== undefined && digest.prev_digest !== prevDigestHash) problems.push(`${label}: digest does not chain to ${segmentLabel(n - 1)}'s digest`);
  return digest;
}

/**
 * Verifies an audit trail directory with the signing key's public half: every digest's signature
 * and chain, every sealed segment against its digest (count, last hash, file hash), every record's
 * hash and link, across segments. The newest segment may be open (unsealed); segments before the
 * oldest one present must have been pruned by a recorded retention pass.
 */
export function verifyAuditTrail(dir: string, publicKey: KeyObject): VerifyReport {
  const problems: string[] = [];
  const notes: string[] = [];
  const { numbers, segments, digests } = listSegments(dir);
  if (numbers.length === 0) return { ok: false, problems: [`no audit segments in ${dir}`], segments: 0, records: 0, sealed: 0, notes };
  const all: AuditRecord[] = [];
  let sealed = 0;
  // What the previous segment ended with; undefined before the first (the anchor).
  let prev: { seq: number; hash: string; digestHash: string | null | undefined } | undefined;
  const firstNumber = numbers[0]!;
  const lastNumber = numbers[numbers.length - 1]!;
  for (let n = firstNumber; n <= lastNumber; n++) {
    const label = segmentLabel(n);
    const segmentText = segments.has(n) ? read(segmentPath(dir, n)) : undefined;
    const digestText = digests.has(n) ? read(digestPath(dir, n)) : undefined;
    if (segmentText === undefined && digestText === undefined) {
      problems.push(`${label}: missing segment (its records and digest are gone)`);
      prev = undefined;
      continue;
    }
    const prevDigestHash = n === firstNumber ? undefined : prev === undefined ? undefined : prev.digestHash;
    const digest = digestText === undefined ? undefined : checkDigest(n, digestText, publicKey, prevDigestHash, problems);
    if (digestText !== undefined) sealed++;
    if (segmentText === undefined) {
      problems.push(`${label}: missing segment (its digest remains)`);
      prev = digest && { seq: digest.last_seq, hash: digest.last_hash, digestHash: digestFileHash(digestText!) };
      continue;
    }
    if (digestText === undefined && n !== lastNumber) problems.push(`${label}: missing digest (the segment is not the open one)`);
    if (digestText === undefined && n === lastNumber) notes.push(`${label} is open (not sealed yet)`);
    const expect: SegmentExpectation = {
      firstSeq: digest?.first_seq ?? (prev ? prev.seq + 1 : undefined),
      lastSeq: digest?.last_seq,
      prevHash: prev?.hash,
    };
    const checked = checkRecords(label, segmentText, expect);
    const tail = checked.records[checked.records.length - 1];
    if (digest !== undefined) {
      // Only the last records gone (and perhaps half a line): the file was cut, not edited.
      const tailGone = tail !== undefined && `${label}: deleted ${seqRange(tail.seq + 1, digest.last_seq)}`;
      if (checked.problems.length === 1 && checked.problems[0] === tailGone) {
        checked.problems.splice(0, 1, `${label}: truncated segment (${checked.records.length} of ${digest.records} records remain; records after seq ${tail!.seq} are gone)`);
      } else if (checked.problems.length === 0 && (checked.torn || tail?.hash !== digest.last_hash || sha256(Buffer.from(segmentText)) !== digest.sha256)) {
        checked.problems.push(`${label}: modified segment (its content does not match its signed digest)`);
      }
    } else if (checked.torn) {
      checked.problems.push(`${label}: truncated segment (its last record is cut short)`);
    } else if (n === lastNumber && tail?.kind === 'gateway.stop') {
      // A clean stop seals the segment it ends: this one was sealed, and its digest removed.
      notes.pop();
      checked.problems.push(`${label}: missing digest (the segment ends with gateway.stop, so it was sealed)`);
    }
    problems.push(...checked.problems);
    all.push(...checked.records);
    // After a digest already reported (missing, forged), the next one's chain is not judged again.
    const digestHash = digest !== undefined ? digestFileHash(digestText!) : undefined;
    prev = { seq: digest?.last_seq ?? tail?.seq ?? prev?.seq ?? 0, hash: digest?.last_hash ?? tail?.hash ?? prev?.hash ?? '', digestHash };
  }
  if (firstNumber > 1) {
    const pruned = all.filter((r) => r.kind === 'audit.retention').reduce((max, r) => Math.max(max, Number(r.pruned_through_segment) || 0), 0);
    if (pruned >= firstNumber - 1) notes.push(`segments 1–${firstNumber - 1} pruned by retention; ${segmentLabel(firstNumber)}'s digest anchors the rest`);
    else problems.push(`${segmentLabel(pruned + 1)}${pruned + 1 < firstNumber - 1 ? ` to ${segmentLabel(firstNumber - 1)}` : ''}: missing segment (not pruned by retention)`);
  }
  return { ok: problems.length === 0, problems, segments: numbers.length, records: all.length, sealed, notes };
}
