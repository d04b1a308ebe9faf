import { recordHash, type AuditRecord } from './chain.js';

/** What is known about a segment before its lines are read. */
export interface SegmentExpectation {
  /** The seq its first record must have; undefined when nothing before it is known (the retention anchor). */
  readonly firstSeq?: number;
  /** The seq of its last record, from its signed digest; undefined for the open segment. */
  readonly lastSeq?: number;
  /** The hash its first record's prev must name; undefined when unknown. */
  readonly prevHash?: string;
}

/** The records that stand after the check, in seq order, and every problem found. */
export interface RecordCheck {
  readonly records: readonly AuditRecord[];
  readonly problems: string[];
  /** The file ends inside a line (cut mid-record); that line is left out. */
  readonly torn: boolean;
}

interface Line {
  readonly line: number;
  readonly record: AuditRecord;
  readonly hashOk: boolean;
}

/** Consecutive seq numbers as "seq 4" or "seq 4–7". */
export const seqRange = (from: number, to: number): string => (from === to ? `record seq ${from}` : `records seq ${from}–${to}`);

/**
 * Checks the lines of one segment against the chain: each record's own hash (modified), the seq
 * numbers it must hold (deleted, inserted: a duplicate or a seq outside the segment), their order
 * (reordered) and each link to the record before (a record rewritten with a recomputed hash).
 */
export function checkRecords(label: string, text: string, expect: SegmentExpectation): RecordCheck {
  const problems: string[] = [];
  const lines: Line[] = [];
  const raws = text.split('\n');
  // Every record ends with a newline: text after the last one is a record cut short.
  const torn = raws[raws.length - 1] !== '';
  if (torn) raws.pop();
  raws.forEach((raw, i) => {
    if (raw === '') return;
    let record: AuditRecord;
    try {
      record = JSON.parse(raw) as AuditRecord;
    } catch {
      return void problems.push(`${label} line ${i + 1}: modified record (not valid JSON)`);
    }
    if (record === null || typeof record !== 'object' || !Number.isSafeInteger(record.seq)) return void problems.push(`${label} line ${i + 1}: modified record (no seq)`);
    lines.push({ line: i + 1, record, hashOk: recordHash(record) === record.hash });
  });
  const first = expect.firstSeq ?? lines.reduce((min, l) => Math.min(min, l.record.seq), Infinity);
  const last = expect.lastSeq ?? lines.reduce((max, l) => Math.max(max, l.record.seq), first - 1);
  // One line per seq stands: one whose hash holds, in its place after seq - 1 if there is such a
  // copy (a copy pasted in elsewhere is the inserted one).
  const inPlace = (l: Line): boolean => {
    const i = lines.indexOf(l);
    return i === 0 ? l.record.seq === first : lines[i - 1]!.record.seq === l.record.seq - 1;
  };
  const bySeq = new Map<number, Line>();
  for (const l of [...lines].sort((a, b) => Number(b.hashOk) - Number(a.hashOk) || Number(inPlace(b)) - Number(inPlace(a)) || a.line - b.line)) {
    const { seq } = l.record;
    if (seq < first || seq > last) problems.push(`${label} line ${l.line}: inserted record (seq ${seq} is outside this segment's ${first}–${last})`);
    else if (bySeq.has(seq)) problems.push(`${label} line ${l.line}: inserted record (a second record with seq ${seq})`);
    else bySeq.set(seq, l);
  }
  const standing = lines.filter((l) => bySeq.get(l.record.seq) === l);
  let highest = -Infinity;
  for (const l of standing) {
    if (l.record.seq < highest) problems.push(`${label} line ${l.line}: reordered record (seq ${l.record.seq} comes after seq ${highest})`);
    highest = Math.max(highest, l.record.seq);
  }
  for (let seq = first; seq <= last; seq++) {
    if (bySeq.has(seq)) continue;
    let end = seq;
    while (end + 1 <= last && !bySeq.has(end + 1)) end++;
    problems.push(`${label}: deleted ${seqRange(seq, end)}`);
    seq = end;
  }
  const ordered = [...bySeq.values()].sort((a, b) => a.record.seq - b.record.seq);
  ordered.forEach((l, i) => {
    if (!l.hashOk) return void problems.push(`${label} line ${l.line}: modified record seq ${l.record.seq} (its hash does not match its content)`);
    const before = ordered[i - 1];
    if (before === undefined) {
      if (expect.prevHash !== undefined && l.record.seq === first && l.record.prev !== expect.prevHash) problems.push(`${label} line ${l.line}: record seq ${l.record.seq} does not link to the previous segment's last record`);
      return;
    }
    // A rewritten record whose hash was recomputed shows as the next record's broken link.
    if (before.hashOk && before.record.seq === l.record.seq - 1 && l.record.prev !== before.record.hash) problems.push(`${label} line ${before.line}: modified record seq ${before.record.seq} (rewritten: seq ${l.record.seq} no longer links to it)`);
  });
  return { records: ordered.map((l) => l.record), problems, torn };
}
