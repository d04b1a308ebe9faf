import type { WindowEntry, WindowFiring, WindowOp, WindowSpec } from './state.js';

/**
 * One group's threshold window: its entries in event-time order, and the end of the latest window
 * whose aggregate passed the bound (the group fires again only a full window after it).
 */
export interface WindowState {
  readonly entries: WindowEntry[];
  lastPassMs: number;
  /** The aggregate of the window ending at the last entry, kept while entries arrive in order. */
  running: RunningWindow | undefined;
}

interface RunningWindow {
  readonly aggregate: Aggregate;
  /** First entry inside the window. */
  lo: number;
}

/** A group with no entries yet. */
export function emptyWindow(): WindowState {
  return { entries: [], lastPassMs: -Infinity, running: undefined };
}

/** What applying one op did. */
export interface WindowOutcome {
  readonly firings: readonly WindowFiring[];
  /** Entries dropped by the `maxEntries` cap. */
  readonly evicted: number;
}

const NONE: readonly WindowFiring[] = [];

/** Index of the first entry with time > t, or with time >= t when `inclusive` (entries in time order). */
function search(entries: readonly WindowEntry[], t: number, inclusive = false): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const time = entries[mid].timeMs;
    if (time < t || (time === t && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function passes(spec: WindowSpec, value: number): boolean {
  switch (spec.op) {
    case '>': return value > spec.bound;
    case '>=': return value >= spec.bound;
    case '<': return value < spec.bound;
    case '<=': return value <= spec.bound;
    case '==': return value === spec.bound;
    case '!=': return value !== spec.bound;
  }
}

/** Merges time-ordered new entries into the time-ordered entries; a tie goes after the earlier ones (arrival order). */
function insert(entries: WindowEntry[], added: readonly WindowEntry[]): void {
  if (added.length === 0) return;
  const tail = entries.splice(search(entries, added[0].timeMs));
  let i = 0;
  let j = 0;
  while (i < tail.length && j < added.length) entries.push(tail[i].timeMs <= added[j].timeMs ? tail[i++] : added[j++]);
  while (i < tail.length) entries.push(tail[i++]);
  while (j < added.length) entries.push(added[j++]);
}

/** A running aggregate over a range of entries that slides forward. */
class Aggregate {
  count = 0;
  sum = 0;
  private readonly keys: Map<string, number> | undefined;

  constructor(private readonly kind: WindowSpec['aggregate']) {
    if (kind === 'distinct') this.keys = new Map();
  }

  add(entry: WindowEntry): void {
    this.count++;
    this.sum += entry.value;
    if (this.keys !== undefined && entry.key !== undefined) this.keys.set(entry.key, (this.keys.get(entry.key) ?? 0) + 1);
  }

  remove(entry: WindowEntry): void {
    this.count--;
    this.sum -= entry.value;
    if (this.keys === undefined || entry.key === undefined) return;
    const n = (this.keys.get(entry.key) ?? 1) - 1;
    if (n === 0) this.keys.delete(entry.key);
    else this.keys.set(entry.key, n);
  }

  get value(): number {
    return this.kind === 'count' ? this.count : this.kind === 'sum' ? this.sum : (this.keys as Map<string, number>).size;
  }
}

function passIfDue(state: WindowState, spec: WindowSpec, t: number, value: number, involved: () => WindowFiring['events'], firings: WindowFiring[] | undefined): WindowFiring[] | undefined {
  if (!passes(spec, value)) return firings;
  if (t - state.lastPassMs >= spec.windowMs) (firings ??= []).push({ atMs: t, value, events: involved() });
  if (t > state.lastPassMs) state.lastPassMs = t;
  return firings;
}

function inOrder(state: WindowState, added: readonly WindowEntry[]): boolean {
  const { entries } = state;
  let previous = entries.length > 0 ? entries[entries.length - 1].timeMs : -Infinity;
  for (const entry of added) {
    if (entry.timeMs < previous) return false;
    previous = entry.timeMs;
  }
  return true;
}

/** Drops entries older than the watermark's window and beyond the cap; returns how many were evicted by the cap. */
function trim(state: WindowState, spec: WindowSpec, watermarkMs: number, aggregatedEnd = state.entries.length): number {
  const { entries, running } = state;
  const dead = search(entries, watermarkMs - spec.windowMs);
  const evicted = Math.max(0, entries.length - dead - spec.maxEntries);
  const n = dead + evicted;
  if (n === 0) return 0;
  if (running !== undefined) {
    // Only entries the running aggregate holds leave it: [lo, aggregatedEnd).
    for (let i = running.lo; i < Math.min(n, aggregatedEnd); i++) running.aggregate.remove(entries[i]);
    running.lo = Math.max(0, running.lo - n);
  }
  entries.splice(0, n);
  return evicted;
}

/** Drops the entries a count no longer needs (see WindowSpec.decisive), after the op was decided. */
function keepDecisive(state: WindowState, spec: WindowSpec): void {
  const { entries, running } = state;
  const extra = spec.decisive === undefined ? 0 : entries.length - spec.decisive;
  if (extra <= 0) return;
  if (running !== undefined) {
    for (let i = running.lo; i < extra; i++) running.aggregate.remove(entries[i]);
    running.lo = Math.max(0, running.lo - extra);
  }
  entries.splice(0, extra);
}

/**
 * The common case, entries arriving in event-time order: each new entry time is one more window
 * end, and the running aggregate slides forward, so an op costs what it adds, not the window size.
 */
function applyInOrder(state: WindowState, op: WindowOp): WindowOutcome {
  const { spec, entries: added } = op;
  const { entries } = state;
  const width = spec.windowMs;
  if (state.running === undefined) {
    const aggregate = new Aggregate(spec.aggregate);
    const lo = entries.length === 0 ? 0 : search(entries, entries[entries.length - 1].timeMs - width);
    for (let i = lo; i < entries.length; i++) aggregate.add(entries[i]);
    state.running = { aggregate, lo };
  }
  const running = state.running;
  const firstNew = entries.length;
  for (const entry of added) entries.push(entry);
  const before = entries.length;
  const evicted = trim(state, spec, op.watermarkMs, firstNew);
  let firings: WindowFiring[] | undefined;
  for (let end = Math.max(0, firstNew - (before - entries.length)); end < entries.length; end++) {
    running.aggregate.add(entries[end]);
    const t = entries[end].timeMs;
    if (end + 1 < entries.length && entries[end + 1].timeMs === t) continue; // evaluate once per time
    while (entries[running.lo].timeMs <= t - width) running.aggregate.remove(entries[running.lo++]);
    const hi = end + 1;
    firings = passIfDue(state, spec, t, running.aggregate.value, () => entries.slice(Math.max(running.lo, hi - spec.maxInvolved), hi).map((e) => e.ref), firings);
  }
  return { firings: firings ?? NONE, evicted };
}

/**
 * Applies one op (see WindowOp). The window ending at time T holds the entries in (T − window, T]:
 * an entry exactly one window older than T is out. It is evaluated at every entry time a new entry
 * can change, i.e. each entry time T with a new entry in (T − window, T], so an entry that arrived
 * out of order also counts in the later windows it belongs to. A passing window fires when its end
 * is at least a full window after the end of the latest window that passed before.
 */
export function applyWindow(state: WindowState, op: WindowOp): WindowOutcome {
  const outcome = inOrder(state, op.entries) ? applyInOrder(state, op) : recount(state, op);
  keepDecisive(state, op.spec);
  return outcome;
}

/** Out-of-order entries: merged in, then every window end from the oldest new entry on is decided again. */
function recount(state: WindowState, op: WindowOp): WindowOutcome {
  const { spec } = op;
  // The walk below visits new entry times in order; a batch may hold them in any order.
  const added = [...op.entries].sort((a, b) => a.timeMs - b.timeMs);
  const { entries } = state;
  const width = spec.windowMs;
  state.running = undefined; // rebuilt by the next in-order op
  insert(entries, added);
  const evicted = trim(state, spec, op.watermarkMs);
  if (added.length === 0 || entries.length === 0) return { firings: NONE, evicted };

  let firings: WindowFiring[] | undefined;
  const counting = spec.aggregate === 'count';
  const aggregate = new Aggregate(spec.aggregate);
  let next = 0; // the next new entry time not yet at or before the point
  let lo = search(entries, added[0].timeMs - width);
  let hi = lo;
  for (let end = search(entries, added[0].timeMs, true); end < entries.length; end++) {
    const t = entries[end].timeMs;
    if (end + 1 < entries.length && entries[end + 1].timeMs === t) continue; // evaluate once per time
    while (next + 1 < added.length && added[next + 1].timeMs <= t) next++;
    if (t - added[next].timeMs >= width) {
      if (next === added.length - 1) break; // no new entry is inside this or any later window
      continue;
    }
    if (counting) {
      // A count is the width of the range: no need to visit the entries inside it.
      hi = end + 1;
      while (entries[lo].timeMs <= t - width) lo++;
    } else {
      while (hi <= end) aggregate.add(entries[hi++]);
      while (entries[lo].timeMs <= t - width) aggregate.remove(entries[lo++]);
    }
    const value = counting ? hi - lo : aggregate.value;
    firings = passIfDue(state, spec, t, value, () => entries.slice(Math.max(lo, hi - spec.maxInvolved), hi).map((e) => e.ref), firings);
  }
  return { firings: firings ?? NONE, evicted };
}
