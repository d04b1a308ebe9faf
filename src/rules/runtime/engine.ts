import type { AgentEvent } from '../../event/index.js';
import type { DetectionNote, EvictionHook, StateStore } from '../../store/index.js';
import type { CompiledRule, Detection, RuleMeta } from '../compiled.js';
import { FloodAlarm } from './flood-alarm.js';
import { EventClock, type FutureEvents } from './event-clock.js';
import { buildDetection, eventRef } from './detection.js';
import { buildRuleSet, type RuleSet, type RuleSlot } from './rule-set.js';
import { StatefulBatch, type BatchContext, type BatchOutcome } from './stateful-batch.js';

/** Counters the gateway's metrics read; every hook is optional. */
export interface EngineMetrics {
  /** A rule threw at run time (it was skipped for that event). */
  readonly ruleError?: (ruleId: string) => void;
  readonly detection?: (detection: Detection) => void;
  /** A rule set was loaded: how many rules of each kind. */
  readonly rulesLoaded?: (counts: Readonly<Record<CompiledRule['kind'], number>>) => void;
  /** The state store failed a batch: its thresholds and sequences were skipped. */
  readonly stateError?: (error: unknown) => void;
  /** Partial sequences dropped by the per-group cap (the store reports its own evictions). */
  readonly evicted?: EvictionHook;
  /** Events stamped beyond the maximum skew ahead of their arrival (clamped or refused). */
  readonly future?: (count: number) => void;
  /** Events of a batch that were received before (counted once, raising nothing). */
  readonly redelivered?: (count: number) => void;
}

/** How the engine runs. */
export interface EngineOptions {
  readonly store: StateStore;
  /** `rules.lateness`: events older than the newest event time minus this do not enter state. */
  readonly latenessMs: number;
  /** `rules.max_skew`: how far ahead of its arrival an event may be stamped. Default: no limit. */
  readonly maxSkewMs?: number;
  /** `rules.future_events`: what an event stamped beyond the skew gets. Default clamp. */
  readonly futureEvents?: FutureEvents;
  /** Tenant/agent/session watermarks kept (event-clock.ts). Default 100,000. */
  readonly maxClockKeys?: number;
  /** Arrival time; Date.now unless a test says otherwise. */
  readonly now?: () => number;
  /** `rules.max_events_per_detection`: a threshold detection lists at most this many (latest) events. */
  readonly maxEventsPerDetection: number;
  /** Partial sequences one group keeps; the oldest goes first. Default 32. */
  readonly maxPartialsPerGroup?: number;
  /** Entries one threshold group keeps; the oldest go first. Default 10,000. */
  readonly maxWindowEntries?: number;
  /** Events one sequence group keeps for reordering; beyond, the oldest are settled. Default 256. */
  readonly maxBufferedEvents?: number;
  readonly metrics?: EngineMetrics;
}

/** How one batch is evaluated; the default is every rule for every event. */
export interface EvaluateOptions {
  /** Events whose thresholds and sequences were already counted (an allowed pre-action check): single-event rules only. */
  readonly counted?: (event: AgentEvent) => boolean;
  /** Thresholds and sequences only: the single-event rules run when the event's own span arrives. */
  readonly stateOnly?: boolean;
}

/** What one batch raised. */
export interface Evaluation {
  /** Every detection of the batch: single-event rules first, in event order, then thresholds and sequences. */
  readonly detections: readonly Detection[];
  /** Per input event (same index), the single-event rules it matched, in rule-set order. */
  readonly matched: readonly (readonly RuleMeta[])[];
  /**
   * Per input event: undefined when new; for a redelivery, the threshold and sequence detections
   * its first delivery was involved in (its annotation carries them again; none is raised again).
   */
  readonly repeated: readonly (readonly DetectionNote[] | undefined)[];
  /** Per input event: rules whose state for its group was evicted with progress before it came (annotated). */
  readonly lost: readonly (readonly string[] | undefined)[];
}

const NO_MATCH: readonly RuleMeta[] = Object.freeze([]);
const NO_DETECTIONS: readonly Detection[] = Object.freeze([]);
const byOrdinal = (a: RuleSlot, b: RuleSlot): number => a.ordinal - b.ordinal;
const ignore = (): void => {};

/**
 * Runs a rule set over batches of events. Single-event rules are decided while the batch is
 * scanned; thresholds and sequences cost one state round trip per batch, and batches take turns
 * with the state so each sees the one before it. A rule that throws is counted and skipped.
 */
export class RulesEngine {
  private set: RuleSet;
  private generation = 0;
  private readonly clock: EventClock;
  private readonly now: () => number;
  private readonly floods = new FloodAlarm(() => this.set);
  private turn: Promise<unknown> = Promise.resolve();
  private readonly metrics: Required<EngineMetrics>;
  private readonly batchLimits: Pick<BatchContext, 'maxPartialsPerGroup' | 'maxBufferedEvents'>;

  constructor(
    rules: readonly CompiledRule[],
    private readonly options: EngineOptions,
  ) {
    const m = options.metrics ?? {};
    this.metrics = {
      ruleError: m.ruleError ?? ignore,
      detection: m.detection ?? ignore,
      rulesLoaded: m.rulesLoaded ?? ignore,
      stateError: m.stateError ?? ignore,
      evicted: m.evicted ?? ignore,
      redelivered: m.redelivered ?? ignore,
      future: m.future ?? ignore,
    };
    this.batchLimits = { maxPartialsPerGroup: options.maxPartialsPerGroup ?? 32, maxBufferedEvents: options.maxBufferedEvents ?? 256 };
    this.clock = new EventClock({
      latenessMs: options.latenessMs,
      maxSkewMs: options.maxSkewMs ?? Infinity,
      future: options.futureEvents ?? 'clamp',
      maxKeys: options.maxClockKeys ?? 100_000,
    });
    this.now = options.now ?? Date.now;
    this.set = this.load(rules);
  }

  /** Whether the rules in force keep state (thresholds or sequences): only then do events need their trace's session before evaluation. */
  get keepsState(): boolean {
    return this.set.slots.some((slot) => slot.rule.kind !== 'single');
  }

  /**
   * Replaces the rule set for every later batch (batches under way finish with the old one).
   * Rules whose id and fingerprint are unchanged keep their thresholds and sequences; the state of
   * every other rule is dropped.
   */
  swap(rules: readonly CompiledRule[]): void {
    const before = this.set.slots.map((slot) => slot.statePrefix);
    this.set = this.load(rules);
    const kept = new Set(this.set.slots.map((slot) => slot.statePrefix));
    const gone = before.filter((prefix) => !kept.has(prefix));
    if (gone.length > 0) this.inTurn(() => this.options.store.forget(gone)).catch(this.metrics.stateError);
  }

  /**
   * Evaluates one batch; never rejects (a failing store costs the batch its stateful detections).
   * An event received before (an exporter's retry) matches as it did, for its annotation, but
   * raises no detection and adds nothing to thresholds and sequences.
   */
  async evaluate(events: readonly AgentEvent[], options: EvaluateOptions = {}): Promise<Evaluation> {
    const times = this.clock.judge(events, this.now());
    if (times.future > 0) this.metrics.future(times.future);
    const matched: (readonly RuleMeta[])[] = new Array(events.length);
    const singles: Detection[] = [];
    const singleOf: number[] = []; // the batch index of each single-event detection
    let batch: StatefulBatch | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const stateful = times.stateful[i] === 1 && options.counted?.(event) !== true;
      const hits = this.scan(event, i, stateful, options.stateOnly !== true, () => (batch ??= new StatefulBatch(this.batchContext(times.watermarks, events, options.stateOnly !== true))));
      if (hits === undefined) matched[i] = NO_MATCH;
      else {
        const before = singles.length;
        matched[i] = this.single(hits, event, singles);
        for (let n = before; n < singles.length; n++) singleOf.push(i);
      }
    }
    // A batch that raised nothing and feeds no state needs no round trip: a redelivery of it would do the same.
    if (batch === undefined && singles.length === 0) return { detections: NO_DETECTIONS, matched, repeated: new Array(events.length), lost: new Array(events.length) };
    batch ??= new StatefulBatch(this.batchContext(times.watermarks, events, options.stateOnly !== true));
    const { detections: stateful, repeated, lost, flooded } = await this.stateful(batch, events.length);
    const detections = singles.filter((_, n) => repeated[singleOf[n]] === undefined);
    for (const detection of stateful) detections.push(detection);
    for (const flood of flooded) {
      const detection = this.floods.detect(flood, this.now());
      if (detection !== undefined) detections.push(detection);
    }
    let again = 0;
    for (const notes of repeated) if (notes !== undefined) again++;
    if (again > 0) this.metrics.redelivered(again);
    for (const detection of detections) this.metrics.detection(detection);
    return { detections, matched, repeated, lost };
  }

  /**
   * The detections `event` would raise if it happened now, changing no state: thresholds and
   * sequences are evaluated as if the event were added (pre-action checks). Rejects when the
   * state store fails, so the caller can apply its failure policy.
   */
  async check(event: AgentEvent): Promise<readonly Detection[]> {
    const detections: Detection[] = [];
    let batch: StatefulBatch | undefined;
    const watermarks = Float64Array.of(this.clock.watermarkOf(event));
    const hits = this.scan(event, 0, true, true, () => (batch ??= new StatefulBatch(this.batchContext(watermarks, [event], false))));
    if (hits !== undefined) this.single(hits, event, detections);
    if (batch !== undefined) detections.push(...(await (batch as StatefulBatch).run(this.options.store, true)).detections);
    return detections;
  }

  /**
   * Meets the batch's event `i` with its candidate rules: returns the single-event rules it
   * matched (when `singles`), and adds it to the stateful batch `open` gives (when `stateful`).
   */
  private scan(event: AgentEvent, i: number, stateful: boolean, singles: boolean, open: () => StatefulBatch): RuleSlot[] | undefined {
    let hits: RuleSlot[] | undefined;
    for (const slot of this.set.index.candidates(event)) {
      const rule = slot.rule;
      try {
        if (rule.kind === 'single') {
          if (singles && rule.match(event)) (hits ??= []).push(slot);
        } else if (stateful && (rule.kind === 'sequence' ? rule.sequence.mayUse?.(event) !== false : rule.match(event))) {
          if (rule.kind === 'sequence') open().addSequence(slot, rule, event, i);
          else open().addThreshold(slot, rule, event, i);
        }
      } catch {
        this.metrics.ruleError(rule.id);
      }
    }
    return hits;
  }

  private load(rules: readonly CompiledRule[]): RuleSet {
    const counts = { single: 0, threshold: 0, sequence: 0 };
    for (const rule of rules) counts[rule.kind]++;
    this.metrics.rulesLoaded(counts);
    const limits = { maxWindowEntries: this.options.maxWindowEntries ?? 10_000, maxEventsPerDetection: this.options.maxEventsPerDetection };
    return buildRuleSet(rules, this.generation++, limits);
  }

  /** The detections of the single-event rules an event matched; returns those rules in rule-set order. */
  private single(hits: RuleSlot[], event: AgentEvent, out: Detection[]): readonly RuleMeta[] {
    if (hits.length > 1) hits.sort(byOrdinal);
    const ref = [eventRef(event)];
    return hits.map(({ rule }) => {
      out.push(buildDetection(rule, { group: '', groupValues: {}, events: ref, timeMs: event.timeMs, message: this.message(rule, event) }));
      return rule;
    });
  }

  private readonly message = (rule: CompiledRule, event: AgentEvent, steps?: readonly AgentEvent[]): string => {
    try {
      return rule.message(event, steps);
    } catch {
      this.metrics.ruleError(rule.id);
      return rule.title;
    }
  };

  private batchContext(watermarks: Float64Array, events: readonly AgentEvent[], remember: boolean): BatchContext {
    return { ...this.batchLimits, watermarks, events, remember, ruleError: this.metrics.ruleError, evicted: this.metrics.evicted, message: this.message };
  }

  private async stateful(batch: StatefulBatch, size: number): Promise<BatchOutcome> {
    try {
      return await this.inTurn(() => batch.run(this.options.store));
    } catch (error) {
      this.metrics.stateError(error);
      return { detections: NO_DETECTIONS, repeated: new Array(size), lost: new Array(size), flooded: [] }; // nothing known
    }
  }

  /** Runs `work` once every earlier batch is done with the state. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.catch(ignore);
    return result;
  }
}
