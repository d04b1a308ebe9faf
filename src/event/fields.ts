import { NORMALIZED_FIELDS, NUMERIC_FIELDS, type NormalizedField } from './aliases.js';
import type { FieldValue } from './any-value.js';
import type { AgentEvent } from './model.js';

/** The type a field holds, for the rule checker. */
export type FieldType = 'string' | 'number' | 'boolean' | 'any';

/** How to read one field of an event, resolved once when a rule is compiled. */
export interface FieldAccessor {
  readonly type: FieldType;
  readonly get: (event: AgentEvent) => FieldValue;
}

const accessor = (type: FieldType, get: (event: AgentEvent) => FieldValue): FieldAccessor => ({ type, get });

/** Fields of the event itself (not attributes), by name. */
const BASIC_FIELDS: Readonly<Record<string, FieldAccessor>> = {
  signal: accessor('string', (e) => e.signal),
  name: accessor('string', (e) => e.name),
  kind: accessor('string', (e) => e.kind),
  'status.code': accessor('string', (e) => e.statusCode),
  'status.message': accessor('string', (e) => e.statusMessage),
  trace_id: accessor('string', (e) => e.traceId),
  span_id: accessor('string', (e) => e.spanId),
  parent_span_id: accessor('string', (e) => e.parentSpanId),
  time: accessor('number', (e) => e.timeMs),
  start_time: accessor('number', (e) => e.startMs),
  duration_ms: accessor('number', (e) => e.durationMs),
  severity: accessor('number', (e) => e.severityNumber),
  severity_text: accessor('string', (e) => e.severityText),
  body: accessor('string', (e) => e.bodyText),
  event_name: accessor('string', (e) => e.eventName),
  'scope.name': accessor('string', (e) => e.scope?.name ?? ''),
  'scope.version': accessor('string', (e) => e.scope?.version ?? ''),
  'service.name': accessor('string', (e) => e.resourceAttribute('service.name')),
  late: accessor('boolean', (e) => e.late),
};

const NORMALIZED: Readonly<Record<string, FieldAccessor>> = Object.fromEntries(
  NORMALIZED_FIELDS.map((field: NormalizedField) => [
    field,
    accessor(NUMERIC_FIELDS.has(field) ? 'number' : 'string', (e) => e.normalizedField(field)),
  ]),
);

/** Every plain field name a rule may use (maps are `attributes["k"]` and `resource["k"]`). */
export const FIELD_NAMES: readonly string[] = [...Object.keys(BASIC_FIELDS), ...Object.keys(NORMALIZED)];

/** The map-like fields, read with a key: `attributes["gen_ai.tool.name"]`, `body["command"]` (a map or JSON-object log body). */
export const MAP_FIELDS = ['attributes', 'resource', 'body'] as const;

/** The accessor of a plain field, or undefined when no such field exists. */
export function resolveField(name: string): FieldAccessor | undefined {
  return BASIC_FIELDS[name] ?? NORMALIZED[name];
}

/** The accessor of `attributes[key]` or `resource[key]`, or undefined for another map name. */
export function resolveMapField(map: string, key: string): FieldAccessor | undefined {
  if (map === 'attributes') return accessor('any', (e) => e.attribute(key));
  if (map === 'resource') return accessor('any', (e) => e.resourceAttribute(key));
  if (map === 'body') return accessor('any', (e) => e.bodyField(key));
  return undefined;
}
