import type { AgentEvent } from '../../event/index.js';
import type { EvictionHook, PartialSequence, SequenceGroup } from '../../store/index.js';
import type { CompiledRule, DetectionEvent } from '../compiled.js';
import { detectionId, eventRef } from './detection.js';

/** A compiled sequence rule. */
export type SequenceRule = Extract<CompiledRule, { kind: 'sequence' }>;

/** What matching one group's events needs. */
export interface SequenceContext {
  readonly rule: SequenceRule;
  readonly group: string;
  readonly maxPartials: number;
  readonly maxBuffered: number;
  readonly ruleError: (ruleId: string) => void;
  readonly evicted: EvictionHook;
  /** Called once per completed sequence: its detection id, its events named by step, the step events. */
  readonly complete: (id: string, refs: readonly DetectionEvent[], events: readonly AgentEvent[]) => void;
}

const NO_EVENTS: readonly AgentEvent[] = [];
const NO_PARTIALS: readonly PartialSequence[] = [];

/** A group with nothing yet. */
export function emptyGroup(): SequenceGroup {
  return { partials: NO_PARTIALS, buffer: [], fired: new Map() };
}

/** Reports a completed sequence unless this group already reported the same events. */
function report(ctx: SequenceContext, state: SequenceGroup, done: PartialSequence): void {
  const steps = ctx.rule.sequence.steps;
  const refs = done.events.map((event, i) => eventRef(event, steps[i].name));
  const id = detectionId(ctx.rule.id, ctx.group, refs);
  if (state.fired.has(id)) return; // a replay found a sequence that was already reported
  const last = done.events[done.events.length - 1];
  state.fired.set(id, last.timeMs);
  ctx.complete(id, refs, done.events);
}

/** Keeps a grown partial, or reports it when it has every step. */
function place(ctx: SequenceContext, state: SequenceGroup, next: PartialSequence[], partial: PartialSequence): void {
  if (partial.events.length === ctx.rule.sequence.steps.length) report(ctx, state, partial);
  else next.push(partial);
}

/**
 * One event, in event-time order, against the partial sequences (docs/rules.md "Sequences"):
 * `until` cancels them all; otherwise the event advances the oldest partial whose next step it
 * matches within the window (measured from step 1; an event a full window after step 1 is out),
 * and only an event that advanced none may start a new one. Each event thus belongs to at most
 * one sequence. Returns the new partials (the same array when nothing changed).
 */
function step(ctx: SequenceContext, state: SequenceGroup, partials: readonly PartialSequence[], event: AgentEvent, replay: boolean): readonly PartialSequence[] {
  const { steps, until, windowMs } = ctx.rule.sequence;
  if (until?.(event)) return NO_PARTIALS;
  let next: PartialSequence[] | undefined; // copied on first change: snapshots in the buffer share arrays
  let used = false;
  for (let i = 0; i < partials.length; i++) {
    const partial = partials[i];
    if (event.timeMs - partial.startMs >= windowMs) {
      next ??= partials.slice(0, i);
    } else if (!used && steps[partial.events.length].match(event, partial.events)) {
      used = true;
      next ??= partials.slice(0, i);
      place(ctx, state, next, { startMs: partial.startMs, events: [...partial.events, event] });
    } else {
      next?.push(partial);
    }
  }
  if (!used && steps[0].match(event, NO_EVENTS)) {
    next ??= partials.slice();
    if (next.length >= ctx.maxPartials) {
      next.splice(crowded(next), 1);
      if (!replay) ctx.evicted('partial-sequence', 1);
    }
    place(ctx, state, next, { startMs: event.timeMs, events: [event] });
  }
  return next ?? partials;
}

/**
 * The partial a full group gives up: the oldest of the step most partials wait at, so a flood of
 * first steps never evicts a sequence that got further. At most maxPartials are looked at.
 */
function crowded(partials: readonly PartialSequence[]): number {
  const counts: number[] = [];
  let most = 0;
  for (const p of partials) {
    const n = (counts[p.events.length] = (counts[p.events.length] ?? 0) + 1);
    if (n > (counts[most] ?? 0)) most = p.events.length;
  }
  return partials.findIndex((p) => p.events.length === most);
}

/**
 * Offers one event of the group. An event older than buffered ones is inserted in event-time order
 * and the buffered events after it are matched again from the snapshot before it, so arrival
 * order within the lateness does not change the outcome; sequences found again are not reported
 * twice, and one already reported is never withdrawn.
 */
export function offer(ctx: SequenceContext, state: SequenceGroup, event: AgentEvent): void {
  const { buffer } = state;
  let at = buffer.length;
  while (at > 0 && buffer[at - 1].event.timeMs > event.timeMs) at--;
  let partials = at === buffer.length ? state.partials : buffer[at].before;
  buffer.splice(at, 0, { event, before: partials });
  for (let i = at; i < buffer.length; i++) {
    buffer[i].before = partials;
    try {
      partials = step(ctx, state, partials, buffer[i].event, i > at);
    } catch {
      if (i === at) ctx.ruleError(ctx.rule.id); // the rule is skipped for this event only
    }
  }
  state.partials = partials;
}

/**
 * Forgets what no later event can change: buffered events at or before the watermark (later events
 * are never older), their reported ids, and partials a full window older than it. Beyond
 * `maxBuffered`, the oldest buffered events are settled early. Returns false when nothing is left.
 */
export function settle(ctx: SequenceContext, state: SequenceGroup, watermarkMs: number): boolean {
  const { buffer, fired } = state;
  let n = 0;
  while (n < buffer.length && buffer[n].event.timeMs <= watermarkMs) n++;
  n = Math.max(n, buffer.length - ctx.maxBuffered);
  if (n > 0) buffer.splice(0, n);
  for (const [id, timeMs] of fired) if (timeMs <= watermarkMs) fired.delete(id);
  const horizon = watermarkMs - ctx.rule.sequence.windowMs;
  if (state.partials.some((p) => p.startMs <= horizon)) state.partials = state.partials.filter((p) => p.startMs > horizon);
  return state.partials.length > 0 || buffer.length > 0 || fired.size > 0;
}
