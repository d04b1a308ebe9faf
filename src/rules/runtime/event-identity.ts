import { createHash } from 'node:crypto';
import type { AgentEvent } from '../../event/index.js';

/**
 * What makes two received events the same event, so an exporter's retry is not new activity: a
 * span is its trace and span id; a log record (which may have neither) is its ids, its time and a
 * hash of its name, severity and body; an event split from a record adds its path.
 */
export function eventIdentity(event: AgentEvent): string {
  const own = recordIdentity(event);
  // Events split from one record (one per file a patch touches) are distinct events of it.
  return event.record === event ? own : `${own}#${String(event.normalizedField('file.path'))}`;
}

function recordIdentity(event: AgentEvent): string {
  if (event.signal === 'span') return `s/${event.traceId}/${event.spanId}`;
  const hash = createHash('sha1').update(event.eventName).update('\0').update(event.severityText).update('\0').update(event.bodyText ?? '');
  return `l/${event.traceId}/${event.spanId}/${event.timeUnixNano}/${hash.digest('base64')}`;
}
