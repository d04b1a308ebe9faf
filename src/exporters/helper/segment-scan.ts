import { readFileSync, readdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { checksumMatches, decodeHeader, HEADER_BYTES } from './record-format.js';

/** One segment file of the log: records `firstSeq` .. `firstSeq + records - 1`. */
export interface Segment {
  readonly firstSeq: number;
  readonly path: string;
  records: number;
  items: number;
  /** Items of the records already read (or acknowledged before a restart). */
  readItems: number;
  /** Committed bytes (the file size once the last write completed). */
  size: number;
}

/** Where the reader resumes: the first record after the acknowledged one. */
export interface Cursor {
  segment: number;
  position: number;
  seq: number;
}

/** A directory's log as found at start: the segments, the resume point and what is still unacknowledged. */
export interface ScannedLog {
  readonly segments: Segment[];
  readonly cursor: Cursor;
  readonly pendingRecords: number;
  readonly pendingItems: number;
  /** Bytes cut from segment tails that did not check out (a crash mid-write). */
  readonly truncatedBytes: number;
}

const SEGMENT_NAME = /^(\d{20})\.log$/;

/** The file name of the segment starting at `seq` (names sort in log order). */
export const segmentName = (seq: number): string => `${String(seq).padStart(20, '0')}.log`;

/**
 * Reads every segment of `dir` in order, checks each record's CRC and cuts a segment at its first
 * bad or partial record: only the record being written when the process died can be torn, and
 * its append was never acknowledged, so nothing acknowledged is lost by cutting it.
 */
export function scanLog(dir: string, ackedSeq: number): ScannedLog {
  const names = readdirSync(dir).filter((n) => SEGMENT_NAME.test(n)).sort();
  const segments: Segment[] = [];
  let cursor: Cursor | undefined;
  let pendingRecords = 0;
  let pendingItems = 0;
  let truncatedBytes = 0;
  for (const name of names) {
    const path = join(dir, name);
    const firstSeq = Number(SEGMENT_NAME.exec(name)?.[1]);
    const buf = readFileSync(path);
    const segment: Segment = { firstSeq, path, records: 0, items: 0, readItems: 0, size: 0 };
    let offset = 0;
    for (;;) {
      const header = decodeHeader(buf, offset);
      if (header === undefined || offset + HEADER_BYTES + header.length > buf.length) break;
      const end = offset + HEADER_BYTES + header.length;
      if (!checksumMatches(buf.subarray(offset, offset + HEADER_BYTES), buf.subarray(offset + HEADER_BYTES, end))) break;
      const seq = firstSeq + segment.records;
      if (seq > ackedSeq) {
        cursor ??= { segment: segments.length, position: offset, seq };
        pendingRecords++;
        pendingItems += header.items;
      } else segment.readItems += header.items;
      segment.records++;
      segment.items += header.items;
      offset = end;
    }
    if (offset < buf.length) {
      truncatedBytes += buf.length - offset;
      truncateSync(path, offset);
    }
    segment.size = offset;
    segments.push(segment);
  }
  const last = segments.at(-1);
  cursor ??= last ? { segment: segments.length - 1, position: last.size, seq: last.firstSeq + last.records } : { segment: 0, position: 0, seq: ackedSeq + 1 };
  return { segments, cursor, pendingRecords, pendingItems, truncatedBytes };
}
