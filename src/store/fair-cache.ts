/** Where a key's space ends: state keys are `rule@fingerprint` + this + group (rule-set.ts). */
export const SPACE_END = '\u001e';

/** Why a group left a fair cache before its time. */
export interface FairEviction {
  readonly key: string;
  /** The key space (a rule's state prefix) it belonged to. */
  readonly space: string;
  /** Whether it had made progress toward its bound (see FairCacheOptions.progress). */
  readonly progress: boolean;
}

/** Budgets and judgement of a fair cache. */
export interface FairCacheOptions<V> {
  /** Weight kept over all key spaces. */
  readonly maxTotal: number;
  /** Weight one key space (one rule) keeps. */
  readonly maxPerSpace: number;
  /** What a group costs against the budgets (1 unless told: a sequence group costs its partials). */
  readonly weight?: (value: V) => number;
  /** Whether a group has made progress toward its bound: such groups are evicted last. */
  readonly progress: (value: V) => boolean;
  readonly onEvict: (eviction: FairEviction, value: V) => void;
}

/** One key space: its idle groups and its groups with progress, each least recently updated first. */
interface Space<V> {
  readonly idle: Map<string, Held<V>>;
  readonly busy: Map<string, Held<V>>;
  weight: number;
}

interface Held<V> {
  readonly value: V;
  readonly weight: number;
}

const spaceOf = (key: string): string => key.slice(0, key.indexOf(SPACE_END) + 1);

/**
 * State groups under budgets an attacker cannot flush: each key space (rule) has its own budget,
 * so a flood of keys on one rule never evicts another rule's groups; within a space the oldest
 * idle group goes first, and groups with progress toward a bound go only when no idle group is
 * left. Over the total budget, the space holding the most groups gives one up.
 */
export class FairCache<V> {
  private readonly spaces = new Map<string, Space<V>>();
  private total = 0;

  constructor(private readonly options: FairCacheOptions<V>) {}

  /** The group under a key (not marked as updated: `set` does that). */
  get(key: string): V | undefined {
    const space = this.spaces.get(spaceOf(key));
    return space === undefined ? undefined : (space.busy.get(key) ?? space.idle.get(key))?.value;
  }

  /** Stores a group as the most recently updated of its tier, then evicts what the budgets require. */
  set(key: string, value: V): void {
    const name = spaceOf(key);
    let space = this.spaces.get(name);
    if (space === undefined) this.spaces.set(name, (space = { idle: new Map(), busy: new Map(), weight: 0 }));
    this.remove(space, key);
    const weight = this.options.weight?.(value) ?? 1;
    (this.options.progress(value) ? space.busy : space.idle).set(key, { value, weight });
    space.weight += weight;
    this.total += weight;
    while (space.weight > this.options.maxPerSpace && this.evictFrom(name, space, key));
    while (this.total > this.options.maxTotal && this.evictFrom(...this.largest(), key));
  }

  /** Drops a group (not an eviction). */
  delete(key: string): void {
    const space = this.spaces.get(spaceOf(key));
    if (space !== undefined) this.remove(space, key);
  }

  private remove(space: Space<V>, key: string): void {
    const held = space.idle.get(key) ?? space.busy.get(key);
    if (held === undefined) return;
    space.idle.delete(key);
    space.busy.delete(key);
    space.weight -= held.weight;
    this.total -= held.weight;
  }

  /** Drops every group of the key spaces that start with one of the prefixes. */
  forget(prefixes: readonly string[]): void {
    for (const [name, space] of this.spaces) {
      if (!prefixes.some((prefix) => name.startsWith(prefix))) continue;
      this.total -= space.weight;
      this.spaces.delete(name);
    }
  }

  /** Weight held now. */
  get size(): number {
    return this.total;
  }

  private largest(): [string, Space<V>] {
    let best: [string, Space<V>] | undefined;
    for (const entry of this.spaces) if (best === undefined || entry[1].weight > best[1].weight) best = entry;
    return best!;
  }

  /**
   * Evicts the oldest idle group of a space, else its oldest group with progress; `keep` (the
   * group just stored) goes last. False when the space is empty.
   */
  private evictFrom(name: string, space: Space<V>, keep: string): boolean {
    for (const [tier, progress] of [[space.idle, false], [space.busy, true]] as const) {
      for (const [key, held] of tier) {
        if (key === keep && space.idle.size + space.busy.size > 1) continue;
        this.remove(space, key);
        this.options.onEvict({ key, space: name, progress }, held.value);
        return true;
      }
    }
    return false;
  }
}
