import { eventsFromLogs, eventsFromTraces, NORMALIZED_FIELDS, type AgentEvent, type FieldValue } from '../../src/event/index.js';
import { logsRequestFromJson, traceRequestFromJson } from '../../src/otlp/index.js';

/** A plain value as OTLP/JSON writes attribute values. */
export type Plain = string | number | boolean | readonly Plain[] | { readonly [key: string]: Plain };

/** OTLP/JSON AnyValue of a plain value (integers as JSON strings, as the protocol's JSON mapping says). */
export function anyValue(value: Plain): unknown {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: attributes(value as { readonly [key: string]: Plain }) } };
}

/** OTLP/JSON KeyValue list of plain attributes. */
export const attributes = (values: { readonly [key: string]: Plain }): unknown[] => Object.entries(values).map(([key, value]) => ({ key, value: anyValue(value) }));

/** One log record as a product writes it. */
export interface LogCase {
  readonly time: string;
  readonly attributes: { readonly [key: string]: Plain };
  readonly body?: Plain;
  readonly eventName?: string;
  readonly traceId?: string;
  readonly spanId?: string;
}

/** One span as a product writes it. */
export interface SpanCase {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind?: number;
  readonly start: string;
  readonly end: string;
  readonly attributes: { readonly [key: string]: Plain };
  readonly events?: readonly { readonly name: string; readonly time: string; readonly attributes: { readonly [key: string]: Plain } }[];
}

/** Where the records come from. */
export interface Origin {
  readonly resource: { readonly [key: string]: Plain };
  readonly scope: string;
}

/** An ExportLogsServiceRequest in OTLP/JSON. */
export function logsJson(origin: Origin, records: readonly LogCase[]): unknown {
  return {
    resourceLogs: [{
      resource: { attributes: attributes(origin.resource) },
      scopeLogs: [{
        scope: { name: origin.scope },
        logRecords: records.map((r) => ({
          timeUnixNano: r.time,
          observedTimeUnixNano: r.time,
          severityNumber: 9,
          ...(r.eventName !== undefined && { eventName: r.eventName }),
          ...(r.body !== undefined && { body: anyValue(r.body) }),
          attributes: attributes(r.attributes),
          ...(r.traceId !== undefined && { traceId: r.traceId, spanId: r.spanId }),
        })),
      }],
    }],
  };
}

/** An ExportTraceServiceRequest in OTLP/JSON. */
export function tracesJson(origin: Origin, spans: readonly SpanCase[]): unknown {
  return {
    resourceSpans: [{
      resource: { attributes: attributes(origin.resource) },
      scopeSpans: [{
        scope: { name: origin.scope },
        spans: spans.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          ...(s.parentSpanId !== undefined && { parentSpanId: s.parentSpanId }),
          name: s.name,
          kind: s.kind ?? 1,
          startTimeUnixNano: s.start,
          endTimeUnixNano: s.end,
          attributes: attributes(s.attributes),
          ...(s.events !== undefined && { events: s.events.map((e) => ({ name: e.name, timeUnixNano: e.time, attributes: attributes(e.attributes) })) }),
          status: {},
        })),
      }],
    }],
  };
}

/** The events of log records, decoded as the receivers decode OTLP/JSON. */
export const logEvents = (origin: Origin, records: readonly LogCase[]): AgentEvent[] => eventsFromLogs(logsRequestFromJson(JSON.stringify(logsJson(origin, records))));

/** The events of spans, decoded as the receivers decode OTLP/JSON. */
export const spanEvents = (origin: Origin, spans: readonly SpanCase[]): AgentEvent[] => eventsFromTraces(traceRequestFromJson(JSON.stringify(tracesJson(origin, spans))));

/** Every normalized field an event has (what `vigil replay --events` prints of it). */
export function normalized(event: AgentEvent): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const field of NORMALIZED_FIELDS) {
    const value = event.normalizedField(field);
    if (value !== undefined) out[field] = value;
  }
  return out;
}
