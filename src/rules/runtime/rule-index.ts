import { resolveField, type AgentEvent, type FieldValue } from '../../event/index.js';
import type { IndexKey } from '../compiled.js';

/** One item to index and the keys of which any one lets it run; no keys: it meets every event. */
export interface Indexed<T> {
  readonly item: T;
  readonly keys: readonly IndexKey[] | undefined;
}

/** Items that need one field to hold one of some values. */
interface ValueField {
  readonly read: (event: AgentEvent) => FieldValue;
  readonly byValue: Map<string, number[]>;
  /** Every item of the field, for values an index cannot compare (lists, maps). */
  readonly all: number[];
}

/** Items that need one field to be present and non-empty. */
interface PresenceField {
  readonly read: (event: AgentEvent) => FieldValue;
  readonly items: number[];
}

const pushOnce = (list: number[], n: number): void => {
  if (list[list.length - 1] !== n) list.push(n);
};

/**
 * Rules by what their condition requires (like Falco's index by event type), so an event meets
 * only the rules that could match it: per event, one read and one Map lookup per indexed field,
 * whatever the number of rules. Items whose keys cannot be checked run for every event.
 */
export class RuleIndex<T> {
  private readonly items: readonly T[];
  private readonly always: number[] = [];
  private readonly valueFields: ValueField[] = [];
  private readonly presenceFields: PresenceField[] = [];
  // An item under several keys is reported once per event: stamp it with the event's number.
  private readonly seen: Uint32Array;
  private stamp = 0;
  private readonly out: T[] = [];

  constructor(entries: readonly Indexed<T>[]) {
    this.items = entries.map((entry) => entry.item);
    this.seen = new Uint32Array(entries.length);
    const values = new Map<string, ValueField>();
    const presence = new Map<string, PresenceField>();
    entries.forEach((entry, n) => {
      const keys = entry.keys ?? [];
      const readers = keys.map((key) => resolveField(key.field)?.get);
      if (keys.length === 0 || readers.includes(undefined)) {
        this.always.push(n);
        return;
      }
      keys.forEach((key, k) => {
        const read = readers[k] as ValueField['read'];
        if (key.values === undefined) {
          const field = presence.get(key.field) ?? { read, items: [] };
          presence.set(key.field, field);
          pushOnce(field.items, n);
          return;
        }
        const field = values.get(key.field) ?? { read, byValue: new Map(), all: [] };
        values.set(key.field, field);
        pushOnce(field.all, n);
        for (const value of key.values) {
          const list = field.byValue.get(value) ?? [];
          field.byValue.set(value, list);
          pushOnce(list, n);
        }
      });
    });
    this.valueFields = [...values.values()];
    this.presenceFields = [...presence.values()];
  }

  /** The items that may match the event, each once. The array is reused by the next call. */
  candidates(event: AgentEvent): readonly T[] {
    const out = this.out;
    out.length = 0;
    if (++this.stamp === 0x100000000) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    this.add(this.always);
    for (const field of this.valueFields) {
      const value = field.read(event);
      if (value == null) continue;
      const text = typeof value === 'string' ? value : typeof value === 'object' ? undefined : String(value);
      const list = text === undefined ? field.all : field.byValue.get(text);
      if (list !== undefined) this.add(list);
    }
    for (const field of this.presenceFields) {
      const value = field.read(event);
      if (value != null && value !== '') this.add(field.items);
    }
    return out;
  }

  private add(list: readonly number[]): void {
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      if (this.seen[n] === this.stamp) continue;
      this.seen[n] = this.stamp;
      this.out.push(this.items[n]);
    }
  }
}
