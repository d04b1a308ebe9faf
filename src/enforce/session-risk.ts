import { LRUCache } from 'lru-cache';
import type { DetectionSink } from '../alerts/index.js';
import type { Detection } from '../rules/index.js';
import type { SessionIndex } from './session-index.js';

/** One session as the admin API lists it. */
export interface SessionSummary {
  readonly session: string;
  /** The highest score of the session's detections (0–100). */
  readonly risk: number;
  readonly detections: number;
  readonly rules: readonly string[];
  readonly last_rule: string;
  readonly last_seen: string;
}

interface Tally {
  risk: number;
  detections: number;
  rules: Set<string>;
  lastRule: string;
  lastMs: number;
}

/** Per-session risk from this gateway's detections, bounded (least recently flagged sessions go first). */
export class SessionRisk implements DetectionSink {
  private readonly tallies = new LRUCache<string, Tally>({ max: 10_000 });

  constructor(private readonly sessions: SessionIndex) {}

  write(detections: readonly Detection[]): void {
    for (const detection of detections) {
      const session = this.sessions.sessionOf(detection);
      if (session === undefined) continue;
      const tally = this.tallies.get(session) ?? { risk: 0, detections: 0, rules: new Set<string>(), lastRule: '', lastMs: 0 };
      tally.risk = Math.max(tally.risk, detection.score);
      tally.detections++;
      tally.rules.add(detection.ruleId);
      tally.lastRule = detection.ruleId;
      tally.lastMs = Math.max(tally.lastMs, detection.timeMs);
      this.tallies.set(session, tally);
    }
  }

  /** Sessions by risk, then detections, then recency. */
  riskiest(limit: number): SessionSummary[] {
    return [...this.tallies.entries()]
      .sort(([, a], [, b]) => b.risk - a.risk || b.detections - a.detections || b.lastMs - a.lastMs)
      .slice(0, limit)
      .map(([session, t]) => ({ session, risk: t.risk, detections: t.detections, rules: [...t.rules], last_rule: t.lastRule, last_seen: new Date(t.lastMs).toISOString() }));
  }

  async close(): Promise<void> {}
}
