import { annotateEvent, annotateStateLost, tagTenant, type RiskSource } from '../annotate/index.js';
import type { DetectionSink } from '../alerts/index.js';
import type { AgentEvent } from '../event/index.js';
import type { Detection, RulesEngine } from '../rules/index.js';
import type { DetectionNote } from '../store/index.js';
import type { Metrics } from '../telemetry/metrics.js';
import { boundDetection } from './bound-detection.js';
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
   * trace-identity.ts) before it enters thresholds and sequences; 0 never waits.
   */
  readonly sessionWaitMs?: number;
  /** Pre-action enforcement around each batch, when enabled. */
  readonly gate?: BatchGate;
  /** The stage after this one (forwarding); the batch is passed on once annotated. */
  readonly next?: Consumer;
  /** Told of every batch's detections with the batch's events (the audit trail reads sessions from them). */
  readonly onDetections?: (detections: readonly Detection[], events: readonly AgentEvent[]) => void;
}

/** Runs around each batch: which events were already counted in state, and side effects to finish before the batch is acknowledged. */
export interface BatchGate {
  beforeBatch(events: readonly AgentEvent[]): Promise<(event: AgentEvent) => boolean>;
  afterBatch(): Promise<void>;
}

const eventKey = (traceId: string, spanId: string, timeUnixNano: string): string => `${traceId}/${spanId}/${timeUnixNano}`;

/**
 * The consumer every receiver feeds: runs the rules over the batch (which marks late events),
 * annotates every span and log record with its risk (and its tenant), hands the detections to the
 * sinks and passes the annotated batch on.
 *
 * An event whose session is only known from its trace's root, not yet seen, is annotated and
 * forwarded with its batch (single-event rules), and enters thresholds and sequences once its
 * trace resolves (or its wait ends): a request is never held back waiting for another.
 */
export class DetectionStage implements Consumer {
  private readonly identity: TraceIdentity;

  constructor(private readonly options: DetectionStageOptions) {
    this.identity = new TraceIdentity({ waitMs: options.sessionWaitMs ?? 0 });
  }

  async consume(batch: SignalBatch): Promise<void> {
    const { events, tenant } = batch;
    // The trace memory normalizes every event to learn its session: only worth it when some rule groups by it.
    const ready = this.options.engine().keepsState ? this.identity.admit(events) : events;
    const now = new Set(ready);
    const inBatch = new Set(events);
    const released = ready.filter((event) => !inBatch.has(event));
    // Released events come first: they are older than this batch, and their key's clock must see them before it moves on.
    const earlier = released.length > 0 ? (await this.options.engine().evaluate(released, { stateOnly: true })).detections : [];
    const { gate } = this.options;
    const counted = gate === undefined ? undefined : await gate.beforeBatch(events);
    const evaluation = await this.options.engine().evaluate(events, {
      counted: (event) => !now.has(event) || counted?.(event) === true,
    });
    let late = 0;
    for (const event of events) if (event.late) late++;
    if (late > 0) this.options.metrics.lateEvents.inc({ signal: batch.signal }, late);
    const appendedFrom = this.annotateAll(events, evaluation, tenant);
    const detections = [...earlier, ...evaluation.detections];
    await this.write(detections, events, tenant);
    await gate?.afterBatch();
    await this.options.next?.consume(appendedFrom === undefined ? batch : { ...batch, appendedFrom });
  }

  /** Evaluates every event still waiting for its trace's session (end of input, shutdown). */
  async flush(): Promise<void> {
    const held = this.identity.drain();
    if (held.length > 0) await this.write((await this.options.engine().evaluate(held, { stateOnly: true })).detections, held);
  }

  /** Hands detections, bounded and redacted (they quote attacker-controlled text), to the sinks and the audit trail. */
  private async write(found: readonly Detection[], events: readonly AgentEvent[], tenant?: string): Promise<void> {
    if (found.length === 0) return;
    const detections = found.map((d) => {
      const bounded = boundDetection(d, this.options.redactSecrets);
      return tenant === undefined ? bounded : { ...bounded, tenant };
    });
    await Promise.all(this.options.sinks.map((sink) => sink.write(detections, events)));
    this.options.onDetections?.(detections, events);
  }

  /** Annotates each record; returns where each event's appended attributes begin, or undefined when data was changed (redaction). */
  private annotateAll(events: readonly AgentEvent[], evaluation: Awaited<ReturnType<RulesEngine['evaluate']>>, tenant: string | undefined): number[] | undefined {
    const involved = evaluation.detections.length > 0 ? detectionsByEvent(evaluation.detections) : undefined;
    // Events split from one record (one per patched file) annotate that record once, with every rule they matched.
    let split: Map<AgentEvent, RiskSource[]> | undefined;
    for (let i = 0; i < events.length; i++) {
      const record = events[i].record;
      if (record === events[i]) continue;
      split ??= new Map();
      split.set(record, [...(split.get(record) ?? []), ...evaluation.matched[i]]);
    }
    const appendedFrom: number[] = new Array<number>(events.length).fill(-1);
    let appendOnly = true;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (event.record !== event) continue;
      // A redelivered event is annotated with what its first delivery raised.
      const stateful = evaluation.repeated[i] ?? involved?.get(eventKey(event.traceId, event.spanId, event.timeUnixNano));
      const extra = split?.get(event);
      appendedFrom[i] = this.annotate(event, extra === undefined ? evaluation.matched[i] : unique([...evaluation.matched[i], ...extra]), stateful);
      const lost = evaluation.lost[i];
      if (lost !== undefined) annotateStateLost(event, lost);
      if (tenant !== undefined && tagTenant(event, tenant)) appendOnly = false;
      if (appendedFrom[i] < 0) appendOnly = false;
    }
    return appendOnly ? appendedFrom : undefined;
  }

  private annotate(event: AgentEvent, matched: readonly RiskSource[], detections: readonly DetectionNote[] | undefined): number {
    if (detections === undefined) return annotateEvent(event, matched, [], this.options.redactSecrets);
    const sources = [...matched];
    for (const d of detections) if (!sources.some((s) => s.id === d.ruleId)) sources.push({ id: d.ruleId, score: d.score, severity: d.severity, tags: d.tags });
    return annotateEvent(event, sources, detections.map((d) => d.id), this.options.redactSecrets);
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
