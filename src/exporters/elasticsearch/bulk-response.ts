import type { SendResult } from '../component.js';
import { bulkRequest, type BulkRequest } from './bulk.js';

interface BulkItemResult {
  readonly status: number;
  readonly error?: { readonly type?: string; readonly reason?: string };
}

interface BulkResponse {
  readonly errors?: boolean;
  readonly items?: readonly Record<string, BulkItemResult>[];
}

// Per-item failures worth another try: the node was busy (429, es_rejected_execution_exception)
// or a shard was not available (5xx). Everything else (mapping, parsing) fails the same way again.
function retryable(result: BulkItemResult): boolean {
  return result.status === 429 || result.status >= 500 || result.error?.type === 'es_rejected_execution_exception';
}

/**
 * Reads the per-item results of a 200 `_bulk` answer: created and 409 (already there: a retry
 * of what arrived) are sent; retryable failures go back as `remaining`; the rest are dropped and
 * counted under the first error type. An answer that cannot be matched to the request is retried whole.
 */
export function resultOfBulk(request: BulkRequest, body: string): SendResult<BulkRequest> {
  let response: BulkResponse;
  try {
    response = JSON.parse(body) as BulkResponse;
  } catch {
    return { outcome: 'retry', reason: 'bad_bulk_response' };
  }
  if (response.errors === false) return { outcome: 'sent' };
  const results = response.items ?? [];
  if (results.length !== request.items.length) return { outcome: 'retry', reason: 'bad_bulk_response' };
  const again = [];
  let rejected = 0;
  let rejectedReason: string | undefined;
  let retryReason: string | undefined;
  for (let i = 0; i < results.length; i++) {
    const result = Object.values(results[i])[0];
    if ((result.status >= 200 && result.status < 300) || result.status === 409) continue;
    const type = result.error?.type ?? `http_${result.status}`;
    if (retryable(result)) {
      again.push(request.items[i]);
      retryReason ??= type;
    } else {
      rejected++;
      rejectedReason ??= type;
    }
  }
  const sent = results.length - again.length - rejected;
  if (again.length > 0) {
    return { outcome: 'retry', reason: retryReason!, remaining: bulkRequest(again), sent, ...(rejected > 0 && { rejected, rejectedReason }) };
  }
  if (rejected === results.length) return { outcome: 'drop', reason: rejectedReason!, count: rejected };
  return rejected > 0 ? { outcome: 'sent', rejected, reason: rejectedReason } : { outcome: 'sent' };
}
