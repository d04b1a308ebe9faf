import type { AgentEvent } from '../event/index.js';

/**
 * Marks events that arrive later than the allowed lateness: older than the newest event time seen
 * so far minus the lateness. A watermark on event time, not on arrival time, so replays of old
 * recordings behave exactly like live traffic.
 */
export class LatenessGate {
  private newestMs = -Infinity;

  constructor(readonly latenessMs: number) {}

  /** Sets `late` on each event that is too old; returns how many were. */
  mark(events: readonly AgentEvent[]): number {
    let late = 0;
    for (const event of events) if (event.timeMs > this.newestMs) this.newestMs = event.timeMs;
    const watermark = this.newestMs - this.latenessMs;
    for (const event of events) {
      if (event.timeMs < watermark) {
        event.late = true;
        late++;
      }
    }
    return late;
  }
}
