import type { NormalizedField } from '../aliases.js';
import type { FieldValue } from '../any-value.js';
import type { KeyValue, Scope, Span } from '../otlp-shape.js';

/** What normalization and the dialects read of one event (AgentEvent provides it). */
export interface EventView {
  readonly signal: 'span' | 'log';
  /** Span name, or the log record's event name. */
  readonly name: string;
  /** Log event name (LogRecord.event_name or the `event.name` attribute), '' for spans. */
  readonly eventName: string;
  readonly scope: Scope | null | undefined;
  readonly span: Span | undefined;
  readonly attributeList: readonly KeyValue[] | undefined;
  readonly resourceAttributeList: readonly KeyValue[] | undefined;
  /** Log body as a plain value, undefined for spans. */
  readonly logBody: FieldValue;
  attribute(key: string): FieldValue;
  resourceAttribute(key: string): FieldValue;
}

/** What a dialect's derivation step may do with the fields collected so far. */
export interface DeriveContext {
  readonly event: EventView;
  /** The field's value so far (undefined when absent). */
  get(field: NormalizedField): FieldValue;
  /** Sets the field unless it already holds a value; placeholders (`<REDACTED>`, `{}`, …) are ignored. */
  set(field: NormalizedField, value: FieldValue): void;
  /** Sets the field whatever it held (a dialect's own reading beats the generic one). */
  replace(field: NormalizedField, value: FieldValue): void;
  /** More paths the event touches besides `file.path` (e.g. every file of a patch). */
  addPaths(paths: readonly string[]): void;
}

/** How an event is recognised as a dialect's. Every list is optional; any hit is enough. */
export interface DetectTable {
  /** Prefixes of the log event name (or of a string log body). */
  readonly eventPrefixes?: readonly string[];
  /** Prefixes of the span name. */
  readonly spanPrefixes?: readonly string[];
  /** Prefixes of the instrumentation scope name. */
  readonly scopes?: readonly string[];
  /** Prefixes of the resource's `service.name`. */
  readonly services?: readonly string[];
  /** Attribute keys only this dialect writes. */
  readonly markers?: readonly string[];
  /** A last check on values, for dialects that only values give away. */
  readonly test?: (event: EventView) => boolean;
}

/** How a dialect's events feed the normalized vocabulary. */
export interface MapTable {
  /**
   * Attribute key → field, tried before the generic alias table, in the order written; `null`
   * means the key means something else in this dialect and must not feed the generic field.
   */
  readonly attributes?: Readonly<Record<string, NormalizedField | null>>;
  /** Keys of a map or JSON-object log body → field (first key present wins). */
  readonly body?: Readonly<Record<string, NormalizedField>>;
  /** Event name, span name or raw operation value → operation. */
  readonly operations?: Readonly<Record<string, string>>;
  /** Decoding no table can say (JSON inside attributes, argv arrays, patches, span events). */
  readonly derive?: (ctx: DeriveContext) => void;
}

/** One agent's or framework's telemetry shape: how to recognise it and how to read it. */
export interface Dialect {
  /** The value of the normalized `dialect` field. */
  readonly name: string;
  /** Where its names were read (README names it). */
  readonly source: string;
  readonly detect: DetectTable;
  readonly map: MapTable;
}
