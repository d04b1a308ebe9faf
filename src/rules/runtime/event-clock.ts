import { LRUCache } from 'lru-cache';
import type { AgentEvent } from '../../event/index.js';

/** What an event stamped further ahead of its arrival than the maximum skew gets. */
export type FutureEvents = 'clamp' | 'refuse';

/** How the engine judges event time. */
export interface ClockOptions {
  /** `rules.lateness`: an event older than its key's newest event time minus this is late. */
  readonly latenessMs: number;
  /** `rules.max_skew`: how far ahead of its arrival an event may be stamped. */
  readonly maxSkewMs: number;
  /** `rules.future_events`: clamp such an event's time to its arrival, or keep it out of state. */
  readonly future: FutureEvents;
  /** Watermark keys remembered; the least recently seen go first. */
  readonly maxKeys: number;
}

/** One batch as the clock judged it. */
export interface BatchTimes {
  /** Per event: the time below which its key's state may be trimmed after this batch. */
  readonly watermarks: Float64Array;
  /** Per event: whether it may enter thresholds and sequences (not late, not refused). */
  readonly stateful: Uint8Array;
  /** Events stamped beyond the maximum skew (clamped or refused). */
  readonly future: number;
}

/** The key whose events share a watermark: tenant (service), agent and session. */
function clockKey(event: AgentEvent): string {
  const text = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
  return `${text(event.resourceAttribute('service.name'))}\u001f${text(event.normalizedField('agent.id'))}\u001f${text(event.normalizedField('session.id'))}`;
}

/**
 * Event time as one client cannot bend it. Each tenant/agent/session has its own watermark (its
 * newest event time), so one key's clock never makes another's events late; and an event stamped
 * beyond the maximum skew ahead of its arrival is clamped to its arrival time or kept out of state,
 * so it cannot move even its own key's watermark into the future.
 */
export class EventClock {
  private readonly newest: LRUCache<string, number>;

  constructor(private readonly options: ClockOptions) {
    this.newest = new LRUCache({ max: options.maxKeys });
  }

  /** Judges a batch in arrival order, at `arrivalMs`; marks late events and clamps future ones. */
  judge(events: readonly AgentEvent[], arrivalMs: number): BatchTimes {
    const { latenessMs, maxSkewMs, future } = this.options;
    const stateful = new Uint8Array(events.length);
    const keys: string[] = new Array(events.length);
    let ahead = 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      let refused = false;
      if (event.timeMs - arrivalMs > maxSkewMs) {
        ahead++;
        event.skewMs = event.timeMs - arrivalMs;
        if (future === 'clamp') event.timeMs = arrivalMs;
        else refused = true;
      }
      const key = (keys[i] = clockKey(event));
      const newest = this.newest.get(key) ?? -Infinity;
      if (refused) continue;
      // Advanced event by event: a batch in time order has nothing late.
      if (event.timeMs > newest) this.newest.set(key, event.timeMs);
      else if (event.timeMs < newest - latenessMs) event.late = true;
      stateful[i] = event.late ? 0 : 1;
    }
    const watermarks = new Float64Array(events.length);
    for (let i = 0; i < events.length; i++) watermarks[i] = (this.newest.get(keys[i]) ?? -Infinity) - latenessMs;
    return { watermarks, stateful, future: ahead };
  }

  /** The watermark of an event's key now, without judging the event (pre-action checks change nothing). */
  watermarkOf(event: AgentEvent): number {
    return (this.newest.peek(clockKey(event)) ?? -Infinity) - this.options.latenessMs;
  }
}

/**
 * The watermark of a group's events of the batch: the lowest of their keys' (a group may span
 * several sessions), so no key's clock trims another's state.
 */
export function lowest(watermarks: Float64Array, indices: readonly (number | undefined)[]): number {
  let low = Infinity;
  for (const i of indices) if (i !== undefined && watermarks[i] < low) low = watermarks[i];
  return low;
}
