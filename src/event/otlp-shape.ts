/**
 * The decoded OTLP messages as every receiver hands them to the event model: the shape protobufjs
 * decodes `opentelemetry/proto/*` into (camelCase fields, ids as bytes, enums as numbers). The JSON
 * receiver normalises OTLP/JSON into the same shape, so one encoder re-serialises either.
 */

/** An int64 as protobufjs carries it: a Long-like object, a number or a decimal string. */
export type Int64 = number | string | { low: number; high: number; unsigned?: boolean; toNumber(): number; toString(): string };

/** `opentelemetry.proto.common.v1.AnyValue`: exactly one member is set (others null/absent). */
export interface AnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: Int64 | null;
  doubleValue?: number | null;
  arrayValue?: { values?: AnyValue[] | null } | null;
  kvlistValue?: { values?: KeyValue[] | null } | null;
  bytesValue?: Uint8Array | null;
}

/** `opentelemetry.proto.common.v1.KeyValue`. */
export interface KeyValue {
  key: string;
  value?: AnyValue | null;
}

/** `opentelemetry.proto.common.v1.InstrumentationScope`. */
export interface Scope {
  name?: string;
  version?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

/** `opentelemetry.proto.resource.v1.Resource`. */
export interface Resource {
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

/** `opentelemetry.proto.trace.v1.Status`. */
export interface SpanStatus {
  message?: string;
  code?: number;
}

/** `opentelemetry.proto.trace.v1.Span` (events and links are carried through untouched). */
export interface Span {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  parentSpanId?: Uint8Array;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: Int64;
  endTimeUnixNano?: Int64;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  events?: unknown[];
  droppedEventsCount?: number;
  links?: unknown[];
  droppedLinksCount?: number;
  status?: SpanStatus | null;
}

/** `opentelemetry.proto.trace.v1.ScopeSpans`. */
export interface ScopeSpans {
  scope?: Scope | null;
  spans?: Span[];
  schemaUrl?: string;
}

/** `opentelemetry.proto.trace.v1.ResourceSpans`. */
export interface ResourceSpans {
  resource?: Resource | null;
  scopeSpans?: ScopeSpans[];
  schemaUrl?: string;
}

/** `opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest`. */
export interface TraceRequest {
  resourceSpans?: ResourceSpans[];
}

/** `opentelemetry.proto.logs.v1.LogRecord`. */
export interface LogRecord {
  timeUnixNano?: Int64;
  observedTimeUnixNano?: Int64;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValue | null;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  eventName?: string;
}

/** `opentelemetry.proto.logs.v1.ScopeLogs`. */
export interface ScopeLogs {
  scope?: Scope | null;
  logRecords?: LogRecord[];
  schemaUrl?: string;
}

/** `opentelemetry.proto.logs.v1.ResourceLogs`. */
export interface ResourceLogs {
  resource?: Resource | null;
  scopeLogs?: ScopeLogs[];
  schemaUrl?: string;
}

/** `opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest`. */
export interface LogsRequest {
  resourceLogs?: ResourceLogs[];
}
