import type { NormalizedField } from './aliases.js';
import { anyValueToField, fieldToText, idToHex, nanosToMillis, nanosToString, type FieldValue } from './any-value.js';
import { normalize, SLOT } from './normalize.js';
import type { AnyValue, KeyValue, LogRecord, Resource, Scope, Span } from './otlp-shape.js';

/** Which OTLP signal an event came from. */
export type Signal = 'span' | 'log';

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const STATUS_CODES = ['unset', 'ok', 'error'] as const;
// Attribute lists shorter than this are searched in place; longer ones get a Map on first read.
const LINEAR_SCAN_LIMIT = 12;

function findValue(list: readonly KeyValue[] | undefined, key: string): AnyValue | null | undefined {
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i++) if (list[i].key === key) return list[i].value;
  return undefined;
}

/**
 * One span or one log record as rules see it. It keeps a reference to the decoded OTLP message
 * (so annotation and re-export keep every original byte of meaning) and computes what rules read
 * only when a rule reads it: ids become hex, attributes become plain values, and the normalized
 * vocabulary is derived in one pass, each on first use.
 */
export class AgentEvent {
  /** Set by the pipeline when the event time is older than the configured lateness allows. */
  late = false;

  /** Set by the pipeline when the event was stamped further ahead of its arrival than allowed: by how much, ms. */
  skewMs = 0;

  /** Answers a rule set derived from this event and keeps for later batches (sequence steps). */
  derived: { readonly owner: object; readonly values: unknown[] } | undefined;

  private normalized: FieldValue[] | undefined;
  // Ids and the exact time are read by every detection and window entry: computed once.
  private traceIdHex: string | undefined;
  private spanIdHex: string | undefined;
  private timeNanos: string | undefined;
  private attributeIndex: Map<string, AnyValue | null | undefined> | undefined;

  private constructor(
    readonly signal: Signal,
    readonly span: Span | undefined,
    readonly log: LogRecord | undefined,
    readonly scope: Scope | null | undefined,
    readonly resource: Resource | null | undefined,
    /** Event time, milliseconds since the epoch: span end, else log time, else observed time (the engine clamps a time far in the future). */
    public timeMs: number,
  ) {}

  /** An event for one decoded span. */
  static fromSpan(span: Span, scope: Scope | null | undefined, resource: Resource | null | undefined): AgentEvent {
    const end = nanosToMillis(span.endTimeUnixNano);
    return new AgentEvent('span', span, undefined, scope, resource, end || nanosToMillis(span.startTimeUnixNano));
  }

  /** An event for one decoded log record. */
  static fromLog(log: LogRecord, scope: Scope | null | undefined, resource: Resource | null | undefined): AgentEvent {
    const time = nanosToMillis(log.timeUnixNano) || nanosToMillis(log.observedTimeUnixNano);
    return new AgentEvent('log', undefined, log, scope, resource, time);
  }

  private get attributeList(): readonly KeyValue[] | undefined {
    return this.span !== undefined ? this.span.attributes : this.log?.attributes;
  }

  /** A span or log attribute by key. */
  attribute(key: string): FieldValue {
    const list = this.attributeList;
    if (list === undefined || list.length < LINEAR_SCAN_LIMIT) return anyValueToField(findValue(list, key));
    if (this.attributeIndex === undefined) {
      this.attributeIndex = new Map();
      for (const kv of list) if (!this.attributeIndex.has(kv.key)) this.attributeIndex.set(kv.key, kv.value);
    }
    return anyValueToField(this.attributeIndex.get(key));
  }

  /** A resource attribute by key. */
  resourceAttribute(key: string): FieldValue {
    return anyValueToField(findValue(this.resource?.attributes, key));
  }

  /** A field of the normalized vocabulary (see aliases.ts). */
  normalizedField(field: NormalizedField): FieldValue {
    if (this.normalized === undefined) {
      this.normalized = normalize({
        attributes: this.attributeList,
        resourceAttributes: this.resource?.attributes,
        eventName: this.eventName,
        body: this.log !== undefined ? this.body : undefined,
      });
    }
    return this.normalized[SLOT[field]];
  }

  /** Trace id as lowercase hex, '' when absent. */
  get traceId(): string {
    return (this.traceIdHex ??= idToHex((this.span ?? this.log)?.traceId));
  }

  /** Span id as lowercase hex ('' for a log record not tied to a span). */
  get spanId(): string {
    return (this.spanIdHex ??= idToHex((this.span ?? this.log)?.spanId));
  }

  /** Parent span id as lowercase hex, '' for a root span or a log record. */
  get parentSpanId(): string {
    return idToHex(this.span?.parentSpanId);
  }

  /** The exact event timestamp in nanoseconds, as a decimal string. */
  get timeUnixNano(): string {
    if (this.timeNanos !== undefined) return this.timeNanos;
    if (this.span !== undefined) return (this.timeNanos = nanosToString(this.span.endTimeUnixNano || this.span.startTimeUnixNano));
    const log = this.log as LogRecord;
    return (this.timeNanos = nanosToString(nanosToMillis(log.timeUnixNano) ? log.timeUnixNano : log.observedTimeUnixNano));
  }

  /** Span name, or the log record's event name. */
  get name(): string {
    return this.span !== undefined ? this.span.name ?? '' : this.eventName;
  }

  /** Log event name (`event_name`, else the `event.name` attribute), '' for spans. */
  get eventName(): string {
    if (this.log === undefined) return '';
    if (this.log.eventName) return this.log.eventName;
    const attr = findValue(this.log.attributes, 'event.name');
    return attr?.stringValue ?? '';
  }

  /** Span kind in lowercase words (`client`, `internal`, …). */
  get kind(): string {
    return SPAN_KINDS[this.span?.kind ?? 0] ?? 'unspecified';
  }

  /** Span status code: `unset`, `ok` or `error`. */
  get statusCode(): string {
    return STATUS_CODES[this.span?.status?.code ?? 0] ?? 'unset';
  }

  /** Span status message. */
  get statusMessage(): string {
    return this.span?.status?.message ?? '';
  }

  /** Start time in ms (spans; the event time for logs). */
  get startMs(): number {
    return this.span !== undefined ? nanosToMillis(this.span.startTimeUnixNano) : this.timeMs;
  }

  /** Duration in ms (0 for logs). */
  get durationMs(): number {
    return this.span !== undefined ? Math.max(0, this.timeMs - this.startMs) : 0;
  }

  /** Log severity number (0 for spans). */
  get severityNumber(): number {
    return this.log?.severityNumber ?? 0;
  }

  /** Log severity text. */
  get severityText(): string {
    return this.log?.severityText ?? '';
  }

  /** Log body as a plain value. */
  get body(): FieldValue {
    return anyValueToField(this.log?.body);
  }

  /** Log body as text (structures as JSON). */
  get bodyText(): string | undefined {
    return fieldToText(this.body);
  }
}
