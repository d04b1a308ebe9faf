import type { ReceivedRequest, Reply } from './http-receiver.js';

/** A document the bulk receiver stored. */
export interface StoredDocument {
  readonly index: string;
  readonly source: Record<string, unknown>;
}

/** How the receiver answers one item: stored, or failed with this status and error type. */
export type ItemFate = 'store' | { readonly status: number; readonly type: string };

/**
 * An Elasticsearch `_bulk` endpoint: parses the NDJSON, stores `create`d documents by `_id`
 * (a second create of an id answers 409, as a data stream does) and answers per-item results;
 * `fate` fails chosen items on demand (a partial bulk failure).
 */
export class BulkStore {
  readonly documents = new Map<string, StoredDocument>();
  /** Creates of an id that was already stored (at-least-once repeats). */
  conflicts = 0;

  constructor(private readonly fate: (id: string, attempt: number) => ItemFate = () => 'store') {}

  private readonly attempts = new Map<string, number>();

  /** The reply to one `_bulk` request. */
  readonly respond = (request: ReceivedRequest): Reply => {
    const lines = request.body.toString().split('\n').filter((line) => line !== '');
    if (lines.length % 2 !== 0) return { status: 400, body: '{"error":{"type":"parse_exception"}}' };
    const items = [];
    for (let i = 0; i < lines.length; i += 2) {
      const action = JSON.parse(lines[i]) as { create?: { _index: string; _id: string } };
      if (action.create === undefined) return { status: 400, body: '{"error":{"type":"illegal_argument_exception","reason":"data streams take create"}}' };
      const { _index: index, _id: id } = action.create;
      const attempt = (this.attempts.get(id) ?? 0) + 1;
      this.attempts.set(id, attempt);
      const fate = this.fate(id, attempt);
      if (fate !== 'store') items.push({ create: { _index: index, _id: id, status: fate.status, error: { type: fate.type, reason: 'on demand' } } });
      else if (this.documents.has(id)) {
        this.conflicts++;
        items.push({ create: { _index: index, _id: id, status: 409, error: { type: 'version_conflict_engine_exception' } } });
      } else {
        this.documents.set(id, { index, source: JSON.parse(lines[i + 1]) as Record<string, unknown> });
        items.push({ create: { _index: index, _id: id, status: 201 } });
      }
    }
    const errors = items.some((item) => item.create.status >= 300);
    return { status: 200, body: JSON.stringify({ took: 1, errors, items }) };
  };
}
