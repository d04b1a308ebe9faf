import type { Detection } from '../rules/index.js';

/**
 * What the events of a detection say about it, for people reading the alert: read from the
 * involved events of the batch that fired it (empty where they said nothing).
 */
export interface AlertContext {
  readonly session: string;
  readonly agent: string;
  readonly user: string;
  readonly tool: string;
  readonly command: string;
  readonly url: string;
  readonly filePath: string;
  readonly traceId: string;
}

/**
 * What an alert sink receives: one notification for a rule and group, after routing and
 * de-duplication. Repeats of the same rule and group within the throttle window fold into one
 * alert with a count; `resolve` closes an incident that stopped firing (PagerDuty-style).
 */
export interface Alert {
  /** De-duplication key: the rule id and the group, stable across repeats. */
  readonly key: string;
  readonly action: 'trigger' | 'resolve';
  /** The latest detection folded into this alert. */
  readonly detection: Detection;
  /** Detections folded into this alert (1 when it is not a repeat). */
  readonly count: number;
  /** Event time of the first and last folded detection. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly context: AlertContext;
}
