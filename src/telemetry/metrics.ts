import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { shellParseCounts } from '../shell/index.js';

/**
 * Vigil's own metrics, the written list of internal events: items received and refused (by signal,
 * transport and reason), request latency, rules loaded and reloaded, detections, rule errors and
 * state evictions. Counted per item, never logged per item. One instance per gateway so tests can
 * run several side by side.
 */
export class Metrics {
  readonly registry = new Registry();

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** Spans / log records accepted into the pipeline. */
  readonly itemsReceived = this.counter('vigil_receiver_accepted_items_total', 'Spans and log records accepted, by signal and transport.', ['signal', 'transport']);

  /** Spans / log records refused, with the reason. */
  readonly itemsRefused = this.counter('vigil_receiver_refused_items_total', 'Spans and log records refused, by signal, transport and reason.', ['signal', 'transport', 'reason']);

  /** Audit records that could not be written (disk full, permission denied). */
  readonly auditWriteErrors = this.counter('vigil_audit_write_errors_total', 'Audit records that could not be written.');

  /** Connections closed on accept at a listener's connection limit. */
  readonly connectionsDropped = this.counter('vigil_receiver_dropped_connections_total', 'Connections closed as accepted because a listener was at its connection limit, by listener.', ['listener']);

  /** Requests refused before their items were counted (undecodable, too large, overloaded). */
  readonly requestsRefused = this.counter('vigil_receiver_refused_requests_total', 'Export requests refused whole, by signal, transport and reason.', ['signal', 'transport', 'reason']);

  /** Export request latency as the receiver sees it. */
  readonly requestDuration = new Histogram({
    name: 'vigil_receiver_request_duration_seconds',
    help: 'Export request latency, by signal and transport.',
    labelNames: ['signal', 'transport'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** Events whose time was older than the allowed lateness. */
  readonly lateEvents = this.counter('vigil_events_late_total', 'Events that arrived later than the configured lateness, by signal.', ['signal']);

  /** Requests in flight now. */
  readonly inFlight = this.gauge('vigil_receiver_in_flight_requests', 'Export requests being processed now.');

  /** Rules loaded now, by kind. */
  readonly rulesLoaded = this.gauge('vigil_rules_loaded', 'Rules in force, by kind (single, threshold, sequence).', ['kind']);

  /** Rule reloads, by outcome. */
  readonly ruleReloads = this.counter('vigil_rules_reloads_total', 'Rule set reloads, by result (ok, error).', ['result']);

  /** 1 when the last reload compiled, 0 when it failed and the previous rules stayed in force. */
  readonly ruleReloadSuccess = this.gauge('vigil_rules_last_reload_success', 'Whether the last rule reload succeeded (1) or kept the previous rules (0).');

  /** Detections, by rule and severity. */
  readonly detections = this.counter('vigil_detections_total', 'Detections raised, by rule and severity.', ['rule', 'severity']);

  /** Command lines read as plain text because the shell parser could not read them (process-wide counts). */
  readonly shellFallbacks = new Counter({
    name: 'vigil_shell_parse_fallbacks_total',
    help: 'Command lines split as plain text instead of parsed, by reason (syntax, too-large, too-deep).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
    // The parser counts on its own (it serves every stage); the counter shows its totals when scraped.
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(shellParseCounts().fallback)) this.inc({ reason }, n);
    },
  });

  /** Rules that threw at run time (skipped for that event). */
  readonly ruleErrors = this.counter('vigil_rule_errors_total', 'Run-time errors of a rule (the rule was skipped for that event), by rule.', ['rule']);

  /** State entries evicted by the caps. */
  readonly stateEvictions = this.counter('vigil_rule_state_evictions_total', 'Threshold groups, window entries and partial sequences evicted by the state caps, by kind.', ['kind']);

  /** Events stamped beyond rules.max_skew ahead of their arrival. */
  readonly futureEvents = this.counter('vigil_events_future_total', 'Events stamped further ahead of their arrival than rules.max_skew (clamped or refused).');

  /** Events received again (an exporter's retry): counted once, raising nothing. */
  readonly redeliveredEvents = this.counter('vigil_events_redelivered_total', 'Events received again (same trace and span id, or the same log record): counted once by thresholds and sequences.');

  /** Batches whose thresholds and sequences were skipped because the state store failed. */
  readonly stateErrors = this.counter('vigil_rule_state_errors_total', 'Batches whose stateful rules were skipped because the state store failed.');

  /** Items an exporter delivered. */
  readonly exporterSent = this.counter('vigil_exporter_sent_items_total', 'Spans, log records and detections delivered, by exporter and signal.', ['exporter', 'signal']);

  /** Send attempts that did not deliver (each retried or dropped), with the reason. */
  readonly exporterFailed = this.counter('vigil_exporter_failed_requests_total', 'Send attempts that failed, by exporter, signal and reason (http_503, timeout, econnrefused, ...).', ['exporter', 'signal', 'reason']);

  /** Items sent again after a failed attempt. */
  readonly exporterRetried = this.counter('vigil_exporter_retried_items_total', 'Items of failed attempts scheduled for another attempt, by exporter and signal.', ['exporter', 'signal']);

  /** Items given up for good, with the reason (a 400, partial-success rejections, queue_full under drop_oldest). */
  readonly exporterDropped = this.counter('vigil_exporter_dropped_items_total', 'Items dropped for good, by exporter, signal and reason.', ['exporter', 'signal', 'reason']);

  /** Items the queue refused at ingest (the agent was answered 503 and retries). */
  readonly exporterRefused = this.counter('vigil_exporter_enqueue_failed_items_total', 'Items refused at ingest because the queue could not take them, by exporter, signal and reason.', ['exporter', 'signal', 'reason']);

  /** Items queued and not yet delivered. */
  readonly exporterQueueItems = this.gauge('vigil_exporter_queue_items', 'Items waiting in the queue, by exporter and signal.', ['exporter', 'signal']);

  /** Age of the oldest undelivered record. */
  readonly exporterQueueAge = this.gauge('vigil_exporter_queue_age_seconds', 'Age of the oldest record being delivered, by exporter and signal (0 when idle).', ['exporter', 'signal']);

  /** Bytes the queue holds against its budget. */
  readonly exporterQueueBytes = this.gauge('vigil_exporter_queue_bytes', 'Bytes held by the queue (on disk for disk queues), by exporter and signal.', ['exporter', 'signal']);

  /** 1 while the shared state backend is unreachable and local state stands in. */
  readonly stateDegraded = this.gauge('vigil_rule_state_degraded', 'Whether thresholds and sequences run on local state because the shared backend (Redis) is unreachable (1) or not (0).');

  /** Batches whose thresholds and sequences ran on local state. */
  readonly stateDegradedBatches = this.counter('vigil_rule_state_degraded_batches_total', 'Batches whose thresholds and sequences ran on local state because the shared backend was unreachable.');

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'vigil_process_' });
  }
}
