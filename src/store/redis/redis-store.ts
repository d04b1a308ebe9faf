import type { DetectionNote, EvictionHook, SequenceGroup, StateReply, StateRequest, StateStore, StateWrite, WindowFiring, WindowOp } from '../state.js';
import type { RedisClient } from './connection.js';
import { decodeGroup, encodeGroup } from './group-codec.js';
import { WINDOW_SCRIPT } from './window-script.js';

/** How long state outlives its last update. */
export interface RedisStoreOptions {
  readonly prefix: string;
  /** `rules.lateness`: a window is kept this long after its width, a sequence group after its last event. */
  readonly latenessMs: number;
  /** Sequence groups and redelivery notes are dropped this long after their last write. */
  readonly idleTtlMs: number;
  readonly onEvict?: EvictionHook;
}

type WindowCommand = (key: string, spec: string, watermark: number, entries: string, ttl: number, peek: number) => Promise<[string, number]>;

const NO_FIRINGS: readonly WindowFiring[] = [];

/**
 * Thresholds, sequences and redelivery memory in Redis, shared by every replica. Each window op
 * is one Lua script run (atomic on the server); a batch's commands are issued together and
 * auto-pipelined, so a batch costs two round trips per Redis node (reads, then window scripts),
 * never one per event.
 * Sequence groups are read in the same round trip and written back after matching (queued,
 * not awaited). Every key has a TTL.
 */
export class RedisStore implements StateStore {
  private readonly window: WindowCommand;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisStoreOptions,
  ) {
    redis.defineCommand('vigilWindow', { numberOfKeys: 1, lua: WINDOW_SCRIPT });
    this.window = (redis as unknown as { vigilWindow: WindowCommand }).vigilWindow.bind(redis);
  }

  apply(request: StateRequest): Promise<StateReply> {
    return this.run(request, false);
  }

  peek(request: StateRequest): Promise<StateReply> {
    return this.run(request, true);
  }

  write(writes: StateWrite): void {
    const { prefix, idleTtlMs } = this.options;
    const done: Promise<unknown>[] = [];
    for (const [key, group] of writes.sequences) {
      done.push(group === undefined ? this.redis.del(`${prefix}s:${key}`) : this.redis.set(`${prefix}s:${key}`, encodeGroup(group), 'PX', idleTtlMs));
    }
    for (const [identity, notes] of writes.notes ?? []) done.push(this.redis.set(`${prefix}n:${identity}`, JSON.stringify(notes), 'PX', idleTtlMs));
    // Nobody waits: a later batch reads what was written (commands on one connection keep their order).
    Promise.all(done).catch(() => {});
  }

  async forget(prefixes: readonly string[]): Promise<void> {
    // Keys of removed rules expire with their TTL; a changed rule gets a new prefix (its fingerprint).
    void prefixes;
  }

  private async run(request: StateRequest, peek: boolean): Promise<StateReply> {
    const { prefix } = this.options;
    const identities = request.events ?? [];
    // First round trip: which events were seen before, and the sequence groups; second: the window
    // scripts, which must leave redelivered entries out.
    const [seenBefore, groups] = await Promise.all([
      peek ? [] : Promise.all(identities.map((id) => this.redis.get(`${prefix}n:${id}`))),
      Promise.all(request.sequences.map((key) => this.redis.get(`${prefix}s:${key}`))),
    ]);
    const repeated = identities.map((_id, i): readonly DetectionNote[] | undefined => (seenBefore[i] == null ? undefined : (JSON.parse(seenBefore[i] as string) as DetectionNote[])));
    const fresh = (op: WindowOp): WindowOp => (op.entries.some((e) => e.event !== undefined && repeated[e.event] !== undefined) ? { ...op, entries: op.entries.filter((e) => e.event === undefined || repeated[e.event] === undefined) } : op);
    const firings = await Promise.all(request.windows.map((op) => this.applyWindow(fresh(op), peek)));
    // Redis state ends by TTL, not by caps: nothing is evicted with progress, no key space floods.
    return { repeated, firings, sequences: groups.map((text): SequenceGroup | undefined => (text == null ? undefined : decodeGroup(text))), lost: [], flooded: [] };
  }

  private async applyWindow(op: WindowOp, peek: boolean): Promise<readonly WindowFiring[]> {
    if (op.entries.length === 0 && peek) return NO_FIRINGS;
    const { spec } = op;
    const specText = JSON.stringify({ a: spec.aggregate, o: spec.op, b: spec.bound, w: spec.windowMs, m: spec.maxEntries, i: spec.maxInvolved, d: spec.decisive ?? false });
    const entries = JSON.stringify(op.entries.map((e) => [e.timeMs, e.value, e.key ?? false, e.ref]));
    const ttl = spec.windowMs * 2 + this.options.latenessMs;
    const [text, evicted] = await this.window(`${this.options.prefix}w:${op.key}`, specText, op.watermarkMs, entries, ttl, peek ? 1 : 0);
    if (evicted > 0 && !peek) this.options.onEvict?.('window-entry', evicted);
    const parsed = JSON.parse(text) as unknown;
    // cjson writes an empty list as {}.
    if (!Array.isArray(parsed)) return NO_FIRINGS;
    return (parsed as [number, number, WindowFiring['events']][]).map(([atMs, value, events]) => ({ atMs, value, events: Array.isArray(events) ? events : [] }));
  }
}
