import { LRUCache } from 'lru-cache';
import type { AgentEvent } from '../event/index.js';
import type { Detection } from '../rules/index.js';
import { subjectsOf } from './check-event.js';

const refKey = (traceId: string, spanId: string): string => `${traceId}/${spanId}`;

/**
 * The session of a detection: its `session.id` group, else the session of its latest event that
 * was observed recently (single-event detections have no group). Bounded.
 */
export class SessionIndex {
  private readonly sessions = new LRUCache<string, string>({ max: 50_000 });

  /** Notes the sessions of events about to be evaluated. */
  observe(events: readonly AgentEvent[]): void {
    for (const event of events) {
      const session = subjectsOf(event).session;
      if (session !== undefined) this.sessions.set(refKey(event.traceId, event.spanId), session);
    }
  }

  /** The detection's session, if known. */
  sessionOf(detection: Detection): string | undefined {
    const grouped = detection.group['session.id'];
    if (grouped !== undefined) return grouped;
    const { events } = detection;
    for (let i = events.length - 1; i >= 0; i--) {
      const session = this.sessions.get(refKey(events[i].traceId, events[i].spanId));
      if (session !== undefined) return session;
    }
    return undefined;
  }
}
