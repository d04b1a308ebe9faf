import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Vigil's own metrics, the written list of internal events: items received and refused (by signal,
 * transport and reason), request latency, rule evaluation and state. Counted per item, never
 * logged per item. One instance per gateway so tests can run several side by side.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Spans / log records accepted into the pipeline. */
  readonly itemsReceived = new Counter({
    name: 'vigil_receiver_accepted_items_total',
    help: 'Spans and log records accepted, by signal and transport.',
    labelNames: ['signal', 'transport'] as const,
    registers: [this.registry],
  });

  /** Spans / log records refused, with the reason. */
  readonly itemsRefused = new Counter({
    name: 'vigil_receiver_refused_items_total',
    help: 'Spans and log records refused, by signal, transport and reason.',
    labelNames: ['signal', 'transport', 'reason'] as const,
    registers: [this.registry],
  });

  /** Requests refused before their items were counted (undecodable, too large, overloaded). */
  readonly requestsRefused = new Counter({
    name: 'vigil_receiver_refused_requests_total',
    help: 'Export requests refused whole, by signal, transport and reason.',
    labelNames: ['signal', 'transport', 'reason'] as const,
    registers: [this.registry],
  });

  /** Export request latency as the receiver sees it. */
  readonly requestDuration = new Histogram({
    name: 'vigil_receiver_request_duration_seconds',
    help: 'Export request latency, by signal and transport.',
    labelNames: ['signal', 'transport'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** Events whose time was older than the allowed lateness. */
  readonly lateEvents = new Counter({
    name: 'vigil_events_late_total',
    help: 'Events that arrived later than the configured lateness, by signal.',
    labelNames: ['signal'] as const,
    registers: [this.registry],
  });

  /** Requests in flight now. */
  readonly inFlight = new Gauge({
    name: 'vigil_receiver_in_flight_requests',
    help: 'Export requests being processed now.',
    registers: [this.registry],
  });

  /** Rules loaded now, by kind. */
  readonly rulesLoaded = new Gauge({
    name: 'vigil_rules_loaded',
    help: 'Rules in force, by kind (single, threshold, sequence).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  /** Rule reloads, by outcome. */
  readonly ruleReloads = new Counter({
    name: 'vigil_rules_reloads_total',
    help: 'Rule set reloads, by result (ok, error).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /** 1 when the last reload compiled, 0 when it failed and the previous rules stayed in force. */
  readonly ruleReloadSuccess = new Gauge({
    name: 'vigil_rules_last_reload_success',
    help: 'Whether the last rule reload succeeded (1) or kept the previous rules (0).',
    registers: [this.registry],
  });

  /** Detections, by rule and severity. */
  readonly detections = new Counter({
    name: 'vigil_detections_total',
    help: 'Detections raised, by rule and severity.',
    labelNames: ['rule', 'severity'] as const,
    registers: [this.registry],
  });

  /** Rules that threw at run time (skipped for that event). */
  readonly ruleErrors = new Counter({
    name: 'vigil_rule_errors_total',
    help: 'Run-time errors of a rule (the rule was skipped for that event), by rule.',
    labelNames: ['rule'] as const,
    registers: [this.registry],
  });

  /** State entries evicted by the caps. */
  readonly stateEvictions = new Counter({
    name: 'vigil_rule_state_evictions_total',
    help: 'Threshold groups, window entries and partial sequences evicted by the state caps, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  /** Batches whose thresholds and sequences were skipped because the state store failed. */
  readonly stateErrors = new Counter({
    name: 'vigil_rule_state_errors_total',
    help: 'Batches whose stateful rules were skipped because the state store failed.',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'vigil_process_' });
  }
}
