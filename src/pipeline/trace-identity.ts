import { LRUCache } from 'lru-cache';
import type { AgentEvent } from '../event/index.js';

/** The identity a trace's events share. */
type Identity = Partial<Record<'session.id' | 'agent.id' | 'agent.name' | 'user.id', string>>;

/** How long and how much the memory keeps. */
export interface TraceIdentityOptions {
  /** Event time an event without a session waits for its trace's root (or any span carrying the session); 0 never holds. */
  readonly waitMs: number;
  /** Traces remembered (least recently used go first). */
  readonly maxTraces?: number;
  /** Events held at once; past it the oldest are let go unresolved. */
  readonly maxHeld?: number;
}

interface Known {
  readonly identity: Identity;
  /** The root span was seen: nothing more is coming for this trace. */
  readonly final: boolean;
}

const FIELDS = ['session.id', 'agent.id', 'agent.name', 'user.id'] as const;

function identityOf(event: AgentEvent): Identity | undefined {
  const session = event.normalizedField('session.id');
  if (typeof session !== 'string' || session === '') return undefined;
  const identity: Identity = {};
  for (const field of FIELDS) {
    const value = event.normalizedField(field);
    if (typeof value === 'string' && value !== '') identity[field] = value;
  }
  return identity;
}

const isRoot = (event: AgentEvent): boolean => event.signal === 'span' && event.parentSpanId === '';

/**
 * Session, agent and user carried across a trace: an event without a session gets those of its
 * trace (the root span, else any span or record of the trace that has one). An event whose trace
 * is not resolved yet is held for up to `waitMs` of event time, so a root that arrives after its
 * children (it ends last) still gives them its session; bounded in traces and held events.
 */
export class TraceIdentity {
  private readonly known: LRUCache<string, Known>;
  private readonly held = new Map<string, AgentEvent[]>();
  private heldCount = 0;
  private newestMs = -Infinity;
  private readonly maxHeld: number;

  constructor(private readonly options: TraceIdentityOptions) {
    this.known = new LRUCache({ max: options.maxTraces ?? 100_000 });
    this.maxHeld = options.maxHeld ?? 10_000;
  }

  /** The events to evaluate now: those released from earlier batches, then this batch's resolved ones. */
  admit(events: readonly AgentEvent[]): AgentEvent[] {
    for (const event of events) {
      if (event.timeMs > this.newestMs) this.newestMs = event.timeMs;
      this.learn(event);
    }
    const ready: AgentEvent[] = [];
    const released = new Set<string>();
    for (const [traceId, waiting] of this.held) {
      if (this.known.has(traceId)) {
        released.add(traceId);
        for (const event of waiting) ready.push(this.resolve(event));
      }
    }
    for (const traceId of released) this.release(traceId);
    for (const event of events) {
      if (event.traceId === '' || identityOf(event) !== undefined || isRoot(event) || this.known.has(event.traceId) || this.options.waitMs <= 0) {
        ready.push(this.resolve(event));
        continue;
      }
      this.hold(event, ready);
    }
    this.expire(ready);
    return ready;
  }

  /** Every held event, unresolved (end of a replay, shutdown). */
  drain(): AgentEvent[] {
    const all = [...this.held.values()].flat();
    this.held.clear();
    this.heldCount = 0;
    return all;
  }

  private learn(event: AgentEvent): void {
    const traceId = event.traceId;
    if (traceId === '') return;
    const identity = identityOf(event);
    const root = isRoot(event);
    const before = this.known.get(traceId);
    // The root's identity is the trace's; before it, the first event that carries one.
    if (identity !== undefined && (root || before === undefined || before.identity['session.id'] === undefined)) {
      this.known.set(traceId, { identity, final: root || before?.final === true });
    } else if (root && before === undefined) {
      this.known.set(traceId, { identity: {}, final: true });
    }
  }

  private resolve(event: AgentEvent): AgentEvent {
    if (event.traceId !== '') {
      const known = this.known.get(event.traceId);
      if (known !== undefined) event.inherit(known.identity);
    }
    return event;
  }

  private hold(event: AgentEvent, ready: AgentEvent[]): void {
    const list = this.held.get(event.traceId);
    if (list) list.push(event);
    else this.held.set(event.traceId, [event]);
    if (++this.heldCount <= this.maxHeld) return;
    // Over the cap: the oldest trace's events go on without waiting.
    const [oldest] = this.held.keys();
    ready.push(...(this.held.get(oldest) ?? []));
    this.release(oldest);
  }

  private expire(ready: AgentEvent[]): void {
    const limit = this.newestMs - this.options.waitMs;
    const expired: string[] = [];
    // Traces are held in arrival order, which follows event time closely: stop at the first one still
    // within its wait rather than visit every held trace on every batch.
    for (const [traceId, waiting] of this.held) {
      if (waiting[0].timeMs >= limit) break;
      expired.push(traceId);
    }
    for (const traceId of expired) {
      ready.push(...(this.held.get(traceId) ?? []));
      this.release(traceId);
    }
  }

  private release(traceId: string): void {
    this.heldCount -= this.held.get(traceId)?.length ?? 0;
    this.held.delete(traceId);
  }
}
