import type { EventRecord } from '../records/index.js';

/** One document of a bulk request: its action line and source line, already serialised. */
export interface BulkItem {
  readonly id: string;
  readonly lines: string;
}

/** A `_bulk` request: the items (a retry keeps only those that failed) and their NDJSON body. */
export interface BulkRequest {
  readonly items: readonly BulkItem[];
  readonly body: string;
}

/**
 * `create` actions into a data stream, each with the record's stable `_id`: a retried document
 * that already arrived answers 409 instead of being indexed twice (data streams take only
 * `create`). The body is built once; a retry of some items joins their lines again.
 */
export function bulkItems(records: readonly EventRecord[], index: (record: EventRecord) => string): BulkItem[] {
  return records.map((record) => ({
    id: record.id,
    lines: `${JSON.stringify({ create: { _index: index(record), _id: record.id } })}\n${JSON.stringify(record.fields)}\n`,
  }));
}

/** The request of these items. */
export function bulkRequest(items: readonly BulkItem[]): BulkRequest {
  return { items, body: items.map((item) => item.lines).join('') };
}
