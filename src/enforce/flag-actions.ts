import { LRUCache } from 'lru-cache';
import type { DetectionSink } from '../alerts/index.js';
import type { AgentEvent } from '../event/index.js';
import type { Detection, DetectionEvent } from '../rules/index.js';
import type { Flag, FlagStore } from './flag.js';
import { subjectsOf } from './check-event.js';

const refKey = (traceId: string, spanId: string): string => `${traceId}/${spanId}`;

/**
 * The sink that makes `pause-session` and `kill-session` real: a detection whose rule lists one
 * sets the flag of the detection's session (its `session.id` group, else the session of its last
 * event). Writes are asynchronous; `flush` waits for those issued so far.
 */
export class FlagActions implements DetectionSink {
  // Sessions of recent events, so a single-event detection (no group) finds its session.
  private readonly sessions = new LRUCache<string, string>({ max: 50_000 });
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly flags: FlagStore,
    private readonly pauseMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Notes the sessions of events about to be evaluated. */
  observe(events: readonly AgentEvent[]): void {
    for (const event of events) {
      const session = subjectsOf(event).session;
      if (session !== undefined) this.sessions.set(refKey(event.traceId, event.spanId), session);
    }
  }

  write(detections: readonly Detection[]): void {
    for (const detection of detections) {
      const kill = detection.actions.includes('kill-session');
      if (!kill && !detection.actions.includes('pause-session')) continue;
      const session = detection.group['session.id'] ?? this.sessionOf(detection.events);
      if (session === undefined) continue;
      const now = Date.now();
      const flag: Flag = { scope: 'session', id: session, kind: kill ? 'kill' : 'pause', reason: detection.message, actor: `rule:${detection.ruleId}`, setAtMs: now, ...(kill ? {} : { expiresAtMs: now + this.pauseMs }) };
      const write = this.flags.set(flag).catch(this.onError);
      this.pending.add(write);
      void write.finally(() => this.pending.delete(write));
    }
  }

  /** Resolves once every flag write issued so far has finished. */
  async flush(): Promise<void> {
    if (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
  }

  private sessionOf(events: readonly DetectionEvent[]): string | undefined {
    for (let i = events.length - 1; i >= 0; i--) {
      const session = this.sessions.get(refKey(events[i].traceId, events[i].spanId));
      if (session !== undefined) return session;
    }
    return undefined;
  }
}
