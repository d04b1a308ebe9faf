import { annotateEvent, type RiskSource } from '../annotate/index.js';
import type { DetectionSink } from '../alerts/index.js';
import type { AgentEvent } from '../event/index.js';
import type { Detection, RulesEngine } from '../rules/index.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { Consumer, SignalBatch } from './consumer.js';

/** What the detection stage needs from the gateway. */
export interface DetectionStageOptions {
  /** The engine in force now (hot reload swaps it). */
  readonly engine: () => RulesEngine;
  readonly sinks: readonly DetectionSink[];
  readonly metrics: Metrics;
  readonly redactSecrets: boolean;
  /** The stage after this one (forwarding); the batch is passed on once annotated. */
  readonly next?: Consumer;
}

const eventKey = (traceId: string, spanId: string, timeUnixNano: string): string => `${traceId}/${spanId}/${timeUnixNano}`;

/**
 * The consumer every receiver feeds: runs the rules over the batch (which marks late events), annotates
 * every span and log record with its risk, hands the detections to the sinks and passes the
 * annotated batch on.
 */
export class DetectionStage implements Consumer {
  constructor(private readonly options: DetectionStageOptions) {}

  async consume(batch: SignalBatch): Promise<void> {
    const { events } = batch;
    const evaluation = await this.options.engine().evaluate(events);
    let late = 0;
    for (const event of events) if (event.late) late++;
    if (late > 0) this.options.metrics.lateEvents.inc({ signal: batch.signal }, late);
    const involved = evaluation.detections.length > 0 ? detectionsByEvent(evaluation.detections) : undefined;
    const appendedFrom: number[] = new Array<number>(events.length);
    let appendOnly = true;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const stateful = involved?.get(eventKey(event.traceId, event.spanId, event.timeUnixNano));
      appendedFrom[i] = this.annotate(event, evaluation.matched[i], stateful);
      if (appendedFrom[i] < 0) appendOnly = false;
    }
    if (evaluation.detections.length > 0) await Promise.all(this.options.sinks.map((sink) => sink.write(evaluation.detections, events)));
    await this.options.next?.consume(appendOnly ? { ...batch, appendedFrom } : batch);
  }

  private annotate(event: AgentEvent, matched: readonly RiskSource[], detections: readonly Detection[] | undefined): number {
    if (detections === undefined) return annotateEvent(event, matched, [], this.options.redactSecrets);
    const sources = [...matched];
    for (const d of detections) if (!sources.some((s) => s.id === d.ruleId)) sources.push({ id: d.ruleId, score: d.score, severity: d.severity, tags: d.tags });
    return annotateEvent(event, sources, detections.map((d) => d.id), this.options.redactSecrets);
  }
}

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
