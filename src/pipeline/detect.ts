import { annotateEvent, type RiskSource } from '../annotate/index.js';
import type { DetectionSink } from '../alerts/index.js';
import type { AgentEvent } from '../event/index.js';
import type { Detection, RulesEngine } from '../rules/index.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { Consumer, SignalBatch } from './consumer.js';
import { TraceIdentity } from './trace-identity.js';

/** What the detection stage needs from the gateway. */
export interface DetectionStageOptions {
  /** The engine in force now (hot reload swaps it). */
  readonly engine: () => RulesEngine;
  readonly sinks: readonly DetectionSink[];
  readonly metrics: Metrics;
  readonly redactSecrets: boolean;
  /**
   * Event time an event without a session waits for its trace's root to give it one (see
   * trace-identity.ts); 0 evaluates every event at once, inheriting only what is already known.
   */
  readonly sessionWaitMs?: number;
}

const eventKey = (traceId: string, spanId: string, timeUnixNano: string): string => `${traceId}/${spanId}/${timeUnixNano}`;

/**
 * The consumer every receiver feeds: runs the rules over the batch (which marks late events), annotates
 * every span and log record with its risk and hands the detections to the sinks.
 */
export class DetectionStage implements Consumer {
  private readonly identity: TraceIdentity;

  constructor(private readonly options: DetectionStageOptions) {
    this.identity = new TraceIdentity({ waitMs: options.sessionWaitMs ?? 0 });
  }

  async consume(batch: SignalBatch): Promise<void> {
    const events = this.identity.admit(batch.events);
    if (events.length > 0) await this.evaluate(events);
  }

  /** Evaluates every event still waiting for its trace's session (end of input, shutdown). */
  async flush(): Promise<void> {
    const events = this.identity.drain();
    if (events.length > 0) await this.evaluate(events);
  }

  private async evaluate(events: readonly AgentEvent[]): Promise<void> {
    const evaluation = await this.options.engine().evaluate(events);
    let lateSpans = 0;
    let lateLogs = 0;
    for (const event of events) if (event.late) event.signal === 'span' ? lateSpans++ : lateLogs++;
    if (lateSpans > 0) this.options.metrics.lateEvents.inc({ signal: 'span' }, lateSpans);
    if (lateLogs > 0) this.options.metrics.lateEvents.inc({ signal: 'log' }, lateLogs);
    const involved = evaluation.detections.length > 0 ? detectionsByEvent(evaluation.detections) : undefined;
    // Events split from one record (one per patched file) annotate that record once, with every rule they matched.
    let split: Map<AgentEvent, RiskSource[]> | undefined;
    for (let i = 0; i < events.length; i++) {
      const record = events[i].record;
      if (record === events[i]) continue;
      split ??= new Map();
      split.set(record, [...(split.get(record) ?? []), ...evaluation.matched[i]]);
    }
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (event.record !== event) continue;
      const stateful = involved?.get(eventKey(event.traceId, event.spanId, event.timeUnixNano));
      const extra = split?.get(event);
      this.annotate(event, extra === undefined ? evaluation.matched[i] : unique([...evaluation.matched[i], ...extra]), stateful);
    }
    if (evaluation.detections.length > 0) for (const sink of this.options.sinks) sink.write(evaluation.detections);
  }

  private annotate(event: AgentEvent, matched: readonly RiskSource[], detections: readonly Detection[] | undefined): void {
    if (detections === undefined) {
      annotateEvent(event, matched, [], this.options.redactSecrets);
      return;
    }
    const sources = [...matched];
    for (const d of detections) if (!sources.some((s) => s.id === d.ruleId)) sources.push({ id: d.ruleId, score: d.score, severity: d.severity, tags: d.tags });
    annotateEvent(event, sources, detections.map((d) => d.id), this.options.redactSecrets);
  }
}

const unique = (sources: readonly RiskSource[]): RiskSource[] => sources.filter((s, i) => sources.findIndex((o) => o.id === s.id) === i);

/** Detections by the events they involve. */
function detectionsByEvent(detections: readonly Detection[]): Map<string, Detection[]> {
  const byEvent = new Map<string, Detection[]>();
  for (const detection of detections) {
    for (const event of detection.events) {
      const key = eventKey(event.traceId, event.spanId, event.timeUnixNano);
      const list = byEvent.get(key);
      if (list) list.push(detection);
      else byEvent.set(key, [detection]);
    }
  }
  return byEvent;
}
