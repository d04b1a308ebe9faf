import { createHash } from 'node:crypto';
import { keyValuesToObject, type AgentEvent, type KeyValue } from '../../event/index.js';

/**
 * A stable id per span or log record, so a downstream can de-duplicate what at-least-once
 * delivery sends twice (Elasticsearch `_id`, HEC and Loki metadata, syslog MSGID context).
 * A span is named by its trace and span id. A log record has no id of its own: it is named by
 * what tells two records apart (times, ids, severity, name, body, attributes, resource), which
 * a retry of the same queued bytes reproduces exactly.
 */
export function eventId(event: AgentEvent): string {
  const hash = createHash('sha256');
  if (event.signal === 'span' && event.spanId !== '') {
    hash.update(`span\0${event.traceId}\0${event.spanId}`);
  } else {
    const log = event.log;
    hash.update(`${event.signal}\0${event.traceId}\0${event.spanId}\0${event.timeUnixNano}\0${String(log?.observedTimeUnixNano ?? '')}`);
    hash.update(`\0${event.severityNumber}\0${event.severityText}\0${event.name}\0`);
    // JSON of plain values: key order is the record's own, so the same record hashes the same.
    hash.update(JSON.stringify([event.body, plain(log?.attributes ?? event.span?.attributes), plain(event.resource?.attributes)]));
  }
  return hash.digest('hex').slice(0, 32);
}

function plain(list: readonly KeyValue[] | undefined): unknown {
  return list === undefined ? null : keyValuesToObject(list);
}
