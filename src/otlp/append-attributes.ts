import type { KeyValue } from '../event/index.js';
import { appendToItems } from './splice.js';
import { TYPES } from './proto-schema.js';

/**
 * The received request with attributes appended to each span or log record, spliced into the
 * bytes as received (no decode, no re-encode). `appended[i]` are the i-th item's new attributes.
 * Each is encoded as a Span / LogRecord holding only them: exactly their `attributes` field entries.
 */
export function appendAttributes(signal: 'traces' | 'logs', received: Uint8Array, appended: readonly (readonly KeyValue[])[]): Buffer {
  const type = signal === 'traces' ? TYPES.span : TYPES.logRecord;
  return appendToItems(received, appended.map((attributes) => type.encode({ attributes }).finish()));
}
