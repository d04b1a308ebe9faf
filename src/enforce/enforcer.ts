import { randomUUID } from 'node:crypto';
import type { DetectionSink } from '../alerts/index.js';
import type { AgentEvent } from '../event/index.js';
import type { Detection, RulesEngine } from '../rules/index.js';
import type { CallMemory } from './call-memory.js';
import { callIds, checkEvent, subjectsOf, type ProposedAction } from './check-event.js';
import { flagReason, ruleDecision, ruleReason, verdict, type Reason, type Verdict } from './decision.js';
import type { FlagActions } from './flag-actions.js';
import type { FlagStore } from './flag.js';
import type { SessionIndex } from './session-index.js';

/** What the enforcer needs from the gateway. */
export interface EnforcerOptions {
  /** The engine in force now (hot reload swaps it). */
  readonly engine: () => RulesEngine;
  readonly flags: FlagStore;
  readonly calls: CallMemory;
  readonly flagActions: FlagActions;
  readonly sessions: SessionIndex;
  /** Where detections of checks go (denied attempts; allowed actions counted at check time); includes `flagActions`. */
  readonly sinks: readonly DetectionSink[];
  /** `closed`: a check that cannot be decided (state down, too slow) is denied; `open`: allowed. */
  readonly failurePolicy: 'closed' | 'open';
  readonly timeoutMs: number;
  /** How long an allowed call's ids are remembered (a longer-delayed span counts again). */
  readonly callTtlMs: number;
  /** Every verdict, for metrics and the audit trail. */
  readonly onVerdict?: (verdict: Verdict, action: ProposedAction, elapsedMs: number) => void;
}

class Timeout extends Error {}

/**
 * Pre-action checks: flags, then the rules evaluated as if the action were performed (thresholds
 * and sequences included, state unchanged). An allowed action is counted in windows and
 * sequences at once, and its ids are remembered so its own span is not counted again.
 */
export class Enforcer {
  constructor(private readonly options: EnforcerOptions) {}

  /** Decides one proposed action. Never rejects: failures follow the failure policy. */
  async check(action: ProposedAction, nowMs = Date.now()): Promise<Verdict> {
    const started = performance.now();
    const id = randomUUID();
    const event = checkEvent(action, nowMs);
    let result: Verdict;
    try {
      result = await this.withTimeout(
        this.decide(id, event, nowMs).then(async (decided) => {
          if (decided.decision === 'allow') await this.count(event, id);
          return decided;
        }),
      );
    } catch (error) {
      const message = error instanceof Timeout ? `check took longer than ${this.options.timeoutMs} ms` : `check failed: ${(error as Error).message}`;
      const reason: Reason = { type: 'failure', message };
      result = this.options.failurePolicy === 'closed' ? verdict(id, [reason]) : { ...verdict(id, []), reasons: [reason] };
    }
    this.options.onVerdict?.(result, action, performance.now() - started);
    return result;
  }

  /** Before an ingest batch: which of its events were counted when their check was allowed (they skip state). */
  async beforeBatch(events: readonly AgentEvent[]): Promise<(event: AgentEvent) => boolean> {
    this.options.sessions.observe(events);
    const idsOf = new Map<AgentEvent, string[]>();
    for (const event of events) {
      const ids = callIds(event);
      if (ids.length > 0) idsOf.set(event, ids);
    }
    if (idsOf.size === 0) return () => false;
    const seen = await this.options.calls.seen([...idsOf.values()].flat());
    return (event) => idsOf.get(event)?.some((id) => seen.has(id)) === true;
  }

  /** After an ingest batch: waits for the flag writes its rule actions issued, so an acknowledged batch has taken effect. */
  afterBatch(): Promise<void> {
    return this.options.flagActions.flush();
  }

  private async decide(id: string, event: AgentEvent, nowMs: number): Promise<Verdict> {
    const [flags, detections] = await Promise.all([this.options.flags.active(subjectsOf(event), nowMs), this.options.engine().check(event)]);
    const reasons: Reason[] = flags.map(flagReason);
    const deciding: Detection[] = [];
    for (const detection of detections) {
      const decision = ruleDecision(detection);
      if (decision === undefined) continue;
      deciding.push(detection);
      reasons.push(ruleReason(detection, decision));
    }
    // A refused attempt is reported: rate limits and cooldowns show up as detections.
    if (deciding.length > 0) this.write(deciding);
    return verdict(id, reasons);
  }

  /** Counts an allowed action in windows and sequences now (its single-event rules run on its span). */
  private async count(event: AgentEvent, id: string): Promise<void> {
    const ids = [`d:${id}`, ...callIds(event)];
    this.options.sessions.observe([event]);
    await this.options.calls.remember(ids, this.options.callTtlMs);
    const { detections } = await this.options.engine().evaluate([event], { stateOnly: true });
    if (detections.length > 0) this.write(detections);
    await this.options.flagActions.flush();
  }

  private write(detections: readonly Detection[]): void {
    for (const sink of this.options.sinks) sink.write(detections);
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Timeout()), this.options.timeoutMs);
    });
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }
}
