import type { Detection } from '../rules/index.js';
import type { Alert, AlertContext } from './alert.js';

/** How repeats fold: the window, when a quiet incident resolves, how many incidents are tracked. */
export interface ThrottleSettings {
  readonly windowMs: number;
  /** 0: incidents are never resolved. */
  readonly resolveAfterMs: number;
  readonly maxKeys: number;
}

interface Incident {
  windowStartMs: number;
  lastSeenMs: number;
  /** Repeats folded since the last alert. */
  pending: number;
  firstMs: number;
  latest: Detection;
  context: AlertContext;
}

/** The de-duplication key of a detection: its rule and its group (values in key order). */
export function alertKey(detection: Detection): string {
  const group = Object.keys(detection.group).sort().map((k) => `${k}=${detection.group[k]}`).join(',');
  return `${detection.ruleId}|${group}`;
}

/**
 * De-duplication and throttling per rule and group: the first detection of an incident alerts at
 * once; repeats within the window are folded and, when the window ends, sent as one alert with
 * their count; an incident quiet for `resolveAfterMs` is resolved. Wall-clock time, injected.
 */
export class Throttle {
  private readonly incidents = new Map<string, Incident>();
  /** Incidents forgotten because `maxKeys` were tracked (their next detection alerts afresh). */
  evicted = 0;

  constructor(private readonly settings: ThrottleSettings) {}

  /** The alert a detection causes now, if any (a repeat within the window causes none). */
  offer(detection: Detection, context: AlertContext, nowMs: number): Alert[] {
    const key = alertKey(detection);
    const incident = this.incidents.get(key);
    if (incident !== undefined && nowMs - incident.windowStartMs < this.settings.windowMs) {
      incident.pending++;
      incident.lastSeenMs = nowMs;
      incident.latest = detection;
      incident.context = context;
      return [];
    }
    const out = incident !== undefined && incident.pending > 0 ? [this.fold(key, incident)] : [];
    this.incidents.delete(key);
    this.incidents.set(key, { windowStartMs: nowMs, lastSeenMs: nowMs, pending: 0, firstMs: detection.timeMs, latest: detection, context });
    if (this.incidents.size > this.settings.maxKeys) {
      this.incidents.delete(this.incidents.keys().next().value as string);
      this.evicted++;
    }
    out.push({ key, action: 'trigger', detection, count: 1, firstMs: detection.timeMs, lastMs: detection.timeMs, context });
    return out;
  }

  /** The alerts time causes: folded repeats of ended windows, and resolutions of quiet incidents. */
  tick(nowMs: number): Alert[] {
    const out: Alert[] = [];
    for (const [key, incident] of this.incidents) {
      if (incident.pending > 0 && nowMs - incident.windowStartMs >= this.settings.windowMs) {
        out.push(this.fold(key, incident));
        incident.windowStartMs = nowMs;
      }
      if (this.settings.resolveAfterMs > 0 && nowMs - incident.lastSeenMs >= this.settings.resolveAfterMs) {
        const { latest } = incident;
        out.push({ key, action: 'resolve', detection: latest, count: 0, firstMs: incident.firstMs, lastMs: latest.timeMs, context: incident.context });
        this.incidents.delete(key);
      } else if (this.settings.resolveAfterMs === 0 && incident.pending === 0 && nowMs - incident.windowStartMs >= this.settings.windowMs) {
        this.incidents.delete(key); // nothing left to fold or resolve
      }
    }
    return out;
  }

  private fold(key: string, incident: Incident): Alert {
    const { latest, pending } = incident;
    incident.pending = 0;
    return { key, action: 'trigger', detection: latest, count: pending, firstMs: incident.firstMs, lastMs: latest.timeMs, context: incident.context };
  }
}
