import { readFileSync } from 'node:fs';
import type { AuditRecord } from './chain.js';
import { listSegments, segmentPath } from './segments.js';

/** What `vigil audit query` matches on; every filter given must hold. */
export interface AuditQuery {
  readonly sinceMs?: number;
  readonly untilMs?: number;
  readonly session?: string;
  readonly rule?: string;
  readonly actor?: string;
}

/** Every record of the trail, oldest first (lines that do not parse are skipped: verify reports them). */
export function* readAuditRecords(dir: string): Generator<AuditRecord> {
  for (const n of [...listSegments(dir).segments].sort((a, b) => a - b)) {
    for (const line of readFileSync(segmentPath(dir, n), 'utf8').split('\n')) {
      if (line === '') continue;
      try {
        yield JSON.parse(line) as AuditRecord;
      } catch {
        continue;
      }
    }
  }
}

/** Whether a record matches the query. */
export function matchesQuery(record: AuditRecord, query: AuditQuery): boolean {
  const at = Date.parse(record.time);
  if (query.sinceMs !== undefined && !(at >= query.sinceMs)) return false;
  if (query.untilMs !== undefined && !(at <= query.untilMs)) return false;
  if (query.session !== undefined && record.session !== query.session) return false;
  if (query.rule !== undefined && record.rule !== query.rule) return false;
  if (query.actor !== undefined && record.actor !== query.actor) return false;
  return true;
}
