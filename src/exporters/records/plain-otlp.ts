import { idToHex, keyValuesToObject, type FieldValue, type Int64, type KeyValue, type Span } from '../../event/index.js';

/** Nanoseconds since the epoch (decimal string or int64) as RFC 3339 with all nine fraction digits. */
export function nanosToIso(nanos: Int64 | string | null | undefined): string {
  const digits = nanos == null ? '0' : String(nanos).padStart(10, '0');
  const seconds = Number(digits.slice(0, -9));
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, `.${digits.slice(-9)}Z`);
}

/** A span's duration in nanoseconds (exact: int64 arithmetic), 0 when it ends before it starts. */
export function durationNanos(span: Span): number {
  const nanos = BigInt(String(span.endTimeUnixNano ?? 0)) - BigInt(String(span.startTimeUnixNano ?? 0));
  return nanos > 0n ? Number(nanos) : 0;
}

/** An attribute list as a plain object, or undefined when empty (documents stay small). */
export function attributesObject(list: readonly KeyValue[] | undefined): Record<string, FieldValue> | undefined {
  return list === undefined || list.length === 0 ? undefined : keyValuesToObject(list);
}

interface SpanEventShape {
  timeUnixNano?: Int64;
  name?: string;
  attributes?: KeyValue[];
}

interface SpanLinkShape {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  attributes?: KeyValue[];
}

/** A span's events as plain objects (the decoded shape carries them untouched). */
export function spanEvents(events: readonly unknown[] | undefined): unknown[] | undefined {
  if (events === undefined || events.length === 0) return undefined;
  return (events as SpanEventShape[]).map((e) => compact({ time: nanosToIso(e.timeUnixNano), name: e.name, attributes: attributesObject(e.attributes) }));
}

/** A span's links as plain objects. */
export function spanLinks(links: readonly unknown[] | undefined): unknown[] | undefined {
  if (links === undefined || links.length === 0) return undefined;
  return (links as SpanLinkShape[]).map((l) =>
    compact({ trace_id: idToHex(l.traceId), span_id: idToHex(l.spanId), trace_state: l.traceState, attributes: attributesObject(l.attributes) }),
  );
}

/** The object without its undefined, null and empty-string members, so absent data adds no field. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) delete object[key];
  }
  return object;
}
