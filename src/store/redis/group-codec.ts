import { AgentEvent } from '../../event/index.js';
import type { PartialSequence, SequenceGroup } from '../state.js';

// Sequence groups hold the events of their steps, so a step can read an earlier step's fields on
// another replica. An event is stored once per group, as the OTLP span or log record it came
// from (ids as hex, int64s as decimal strings), and rebuilt through AgentEvent.fromSpan / fromLog.

interface StoredEvent {
  readonly s: 'span' | 'log';
  readonly o: unknown;
  readonly sc: unknown;
  readonly r: unknown;
}

type StoredPartial = [startMs: number, events: number[]];

interface StoredGroup {
  readonly ev: StoredEvent[];
  readonly p: StoredPartial[];
  readonly b: [event: number, before: StoredPartial[]][];
  readonly f: [id: string, timeMs: number][];
}

// Buffers become hex (idToHex reads strings); Long int64s become decimal strings.
function plain(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (original instanceof Uint8Array) return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('hex');
  if (original !== null && typeof original === 'object' && 'low' in original && 'high' in original && typeof (original as { toString: unknown }).toString === 'function') return String(original);
  return value;
}

/** A sequence group as one JSON text. */
export function encodeGroup(group: SequenceGroup): string {
  const index = new Map<AgentEvent, number>();
  const ev: StoredEvent[] = [];
  const ref = (event: AgentEvent): number => {
    let n = index.get(event);
    if (n === undefined) {
      n = ev.push({ s: event.signal, o: event.span ?? event.log, sc: event.scope ?? null, r: event.resource ?? null }) - 1;
      index.set(event, n);
    }
    return n;
  };
  const partials = (list: readonly PartialSequence[]): StoredPartial[] => list.map((p) => [p.startMs, p.events.map(ref)]);
  const stored: StoredGroup = { ev, p: partials(group.partials), b: group.buffer.map((b) => [ref(b.event), partials(b.before)]), f: [...group.fired] };
  return JSON.stringify(stored, plain);
}

/** The group `encodeGroup` wrote. */
export function decodeGroup(text: string): SequenceGroup {
  const stored = JSON.parse(text) as StoredGroup;
  const events = stored.ev.map((e) => (e.s === 'span' ? AgentEvent.fromSpan(e.o as never, e.sc as never, e.r as never) : AgentEvent.fromLog(e.o as never, e.sc as never, e.r as never)));
  const partials = (list: StoredPartial[]): PartialSequence[] => list.map(([startMs, refs]) => ({ startMs, events: refs.map((n) => events[n]) }));
  return { partials: partials(stored.p), buffer: stored.b.map(([n, before]) => ({ event: events[n], before: partials(before) })), fired: new Map(stored.f) };
}
