/** Size bounds for one value written out (an audit record, a detection, a log line). */
export interface ValueBounds {
  /** Longest string kept whole, in characters. */
  readonly maxString: number;
  /** Most array items and object keys kept. */
  readonly maxItems: number;
  /** Deepest nesting kept. */
  readonly maxDepth: number;
}

/** Bounds of the audit trail and of detections: a few KiB per value, whatever was sent. */
export const DEFAULT_BOUNDS: ValueBounds = { maxString: 2048, maxItems: 64, maxDepth: 8 };

/** The marker a cut string ends with, saying how much was cut. */
export const truncatedMarker = (cut: number): string => `…[truncated ${cut} chars]`;

/**
 * A copy of a JSON-like value within the bounds: long strings cut with a marker, long lists and
 * objects cut with a marker entry, deep nesting replaced by a marker. Keys such as `__proto__`
 * stay plain data: they are set on a null-prototype object, then spread into a plain one.
 */
export function boundValue(value: unknown, bounds: ValueBounds = DEFAULT_BOUNDS, depth = 0): unknown {
  if (typeof value === 'string') return value.length <= bounds.maxString ? value : value.slice(0, bounds.maxString) + truncatedMarker(value.length - bounds.maxString);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (depth >= bounds.maxDepth) return '…[nested too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, bounds.maxItems).map((v) => boundValue(v, bounds, depth + 1));
    if (value.length > bounds.maxItems) kept.push(`…[${value.length - bounds.maxItems} more items]`);
    return kept;
  }
  const entries = Object.entries(value);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries.slice(0, bounds.maxItems)) out[k.length <= bounds.maxString ? k : k.slice(0, bounds.maxString)] = boundValue(v, bounds, depth + 1);
  if (entries.length > bounds.maxItems) out['…'] = `${entries.length - bounds.maxItems} more keys`;
  return { ...out };
}
