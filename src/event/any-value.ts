import type { AnyValue, Int64, KeyValue } from './otlp-shape.js';

/** A value as rules read it: OTLP AnyValue flattened to plain JavaScript. */
export type FieldValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly FieldValue[]
  | { readonly [key: string]: FieldValue };

/** An int64 as a JavaScript number (exact up to 2^53, which covers counts and token usage). */
export function int64ToNumber(value: Int64 | null | undefined): number {
  if (value == null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return value.toNumber();
}

/** Nanoseconds since the epoch as milliseconds. */
export function nanosToMillis(value: Int64 | null | undefined): number {
  if (value == null) return 0;
  if (typeof value === 'number') return value / 1e6;
  if (typeof value === 'string') return Number(value) / 1e6;
  // Long-like: high * 2^32 + unsigned low, scaled without losing the millisecond part.
  return (value.high * 4294967296 + (value.low >>> 0)) / 1e6;
}

/** Nanoseconds since the epoch as the exact decimal string (what detections report). */
export function nanosToString(value: Int64 | null | undefined): string {
  if (value == null) return '0';
  return typeof value === 'object' ? value.toString() : String(value);
}

/** Lowercase hex of an id; '' when absent. */
export function idToHex(id: Uint8Array | string | null | undefined): string {
  if (id == null || id.length === 0) return '';
  if (typeof id === 'string') return id.toLowerCase();
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex');
}

// Nesting deeper than this is cut: hostile kvlists must not cost unbounded recursion.
const MAX_DEPTH = 16;

/** AnyValue to a plain value; bytes become base64. */
export function anyValueToField(value: AnyValue | null | undefined, depth = 0): FieldValue {
  if (value == null) return undefined;
  if (value.stringValue != null) return value.stringValue;
  if (value.intValue != null) return int64ToNumber(value.intValue);
  if (value.doubleValue != null) return value.doubleValue;
  if (value.boolValue != null) return value.boolValue;
  if (depth >= MAX_DEPTH) return undefined;
  if (value.arrayValue != null) return (value.arrayValue.values ?? []).map((v) => anyValueToField(v, depth + 1));
  if (value.kvlistValue != null) return keyValuesToObject(value.kvlistValue.values ?? [], depth + 1);
  if (value.bytesValue != null) return Buffer.from(value.bytesValue).toString('base64');
  return undefined;
}

/** A KeyValue list as an object without a prototype, so keys like `__proto__` stay plain data. */
export function keyValuesToObject(list: readonly KeyValue[], depth = 0): { [key: string]: FieldValue } {
  const out: { [key: string]: FieldValue } = Object.create(null);
  for (const kv of list) out[kv.key] = anyValueToField(kv.value, depth);
  return out;
}

/** A value as text for string operators: strings as they are, structures as JSON. */
export function fieldToText(value: FieldValue): string | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
