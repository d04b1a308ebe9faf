import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const SEGMENT = /^(\d{6})\.jsonl$/;
const DIGEST = /^(\d{6})\.digest\.json$/;

/** The file name of segment n. */
export const segmentName = (n: number): string => `${String(n).padStart(6, '0')}.jsonl`;
/** The file name of segment n's signed digest. */
export const digestName = (n: number): string => `${String(n).padStart(6, '0')}.digest.json`;
/** Segment n as people read it in reports. */
export const segmentLabel = (n: number): string => `segment ${String(n).padStart(6, '0')}`;

/** Which segment and digest numbers a directory holds. */
export interface SegmentListing {
  readonly segments: ReadonlySet<number>;
  readonly digests: ReadonlySet<number>;
  /** Every number seen, ascending. */
  readonly numbers: readonly number[];
}

/** Lists the audit files of dir (other files are ignored); an absent dir lists nothing. */
export function listSegments(dir: string): SegmentListing {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const segments = new Set<number>();
  const digests = new Set<number>();
  for (const name of names) {
    const s = SEGMENT.exec(name);
    if (s) segments.add(Number(s[1]));
    const d = DIGEST.exec(name);
    if (d) digests.add(Number(d[1]));
  }
  const numbers = [...new Set([...segments, ...digests])].sort((a, b) => a - b);
  return { segments, digests, numbers };
}

/** The path of segment n (or its digest) in dir. */
export const segmentPath = (dir: string, n: number): string => join(dir, segmentName(n));
/** The path of segment n's digest in dir. */
export const digestPath = (dir: string, n: number): string => join(dir, digestName(n));
