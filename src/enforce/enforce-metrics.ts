import { Counter, Histogram, type Registry } from 'prom-client';

/** The enforcement counters: verdicts by decision and source, and how long checks take. */
export class EnforceMetrics {
  /** Verdicts, by decision and source (`check`, `hook:<agent>`, `monitor:<agent>`). */
  readonly verdicts: Counter<'decision' | 'source'>;
  /** Checks that could not be decided and followed the failure policy. */
  readonly failures: Counter<'policy'>;
  /** Time to decide a check. */
  readonly duration: Histogram;
  /** Flag writes (rule actions) that failed. */
  readonly flagErrors: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.verdicts = new Counter({ name: 'vigil_enforce_verdicts_total', help: 'Pre-action verdicts, by decision and source (check, hook:<agent>, monitor:<agent> for would-be verdicts).', labelNames: ['decision', 'source'], registers });
    this.failures = new Counter({ name: 'vigil_enforce_check_failures_total', help: 'Checks that could not be decided (state down or too slow), by the failure policy applied.', labelNames: ['policy'], registers });
    this.duration = new Histogram({ name: 'vigil_enforce_check_duration_seconds', help: 'Time to decide a pre-action check.', buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25], registers });
    this.flagErrors = new Counter({ name: 'vigil_enforce_flag_errors_total', help: 'Flag writes of pause-session / kill-session actions that failed.', registers });
  }
}
