import { NORMALIZED_FIELDS, NUMERIC_FIELDS, type NormalizedField } from './aliases.js';
import type { FieldValue } from './any-value.js';
import type { AgentEvent } from './model.js';

/** The type a field holds, for the rule checker. */
export type FieldType = 'string' | 'number' | 'boolean' | 'any' | 'list';

/** What each element of a list field holds: a plain value, or named fields (a command's `exe`, `args`, …). */
export type ElementType =
  | { readonly kind: 'scalar'; readonly type: Exclude<FieldType, 'list'> }
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, ElementField>> };

/** One named field of a record element; a list field says what its own elements hold. */
export interface ElementField {
  readonly type: FieldType;
  readonly element?: ElementType;
}

/** How to read one field of an event, resolved once when a rule is compiled. */
export interface FieldAccessor {
  readonly type: FieldType;
  readonly get: (event: AgentEvent) => FieldValue;
  /** For a list field: what its elements hold. */
  readonly element?: ElementType;
}

const accessor = (type: FieldType, get: (event: AgentEvent) => FieldValue): FieldAccessor => ({ type, get });

const TEXT: ElementType = { kind: 'scalar', type: 'string' };
const text: ElementField = { type: 'string' };
const texts: ElementField = { type: 'list', element: TEXT };

/** The fields of one element of `commands` (src/shell/model.ts says what each holds). */
const COMMAND: ElementType = {
  kind: 'record',
  fields: {
    exe: text,
    path: text,
    args: texts,
    flags: texts,
    operands: texts,
    env: texts,
    via: texts,
    text,
    redirects: { type: 'list', element: { kind: 'record', fields: { op: text, fd: text, target: text } } },
  },
};
const PIPE: ElementType = { kind: 'record', fields: { source: text, sink: text, kind: text, source_args: texts, sink_args: texts, source_index: { type: 'number' }, sink_index: { type: 'number' } } };

// Recipients are written one field for many (`a@x.com, b@y.com`): one element each.
const splitRecipients = (value: FieldValue): FieldValue =>
  typeof value === 'string' ? value.split(/[,;]/).map((r) => r.trim().toLowerCase()).filter((r) => r !== '') : undefined;

/** List fields, read with `any` / `all`: the event's parsed commands and their pipes, and recipients. */
const LIST_FIELDS: Readonly<Record<string, FieldAccessor>> = {
  commands: { type: 'list', element: COMMAND, get: (e) => e.shell.commands as unknown as FieldValue },
  pipes: { type: 'list', element: PIPE, get: (e) => e.shell.pipes as unknown as FieldValue },
  recipients: { type: 'list', element: TEXT, get: (e) => splitRecipients(e.normalizedField('message.recipient')) },
  'command.fallback': accessor('string', (e) => e.shell.fallback),
};

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
export const FIELD_NAMES: readonly string[] = [...Object.keys(BASIC_FIELDS), ...Object.keys(NORMALIZED), ...Object.keys(LIST_FIELDS)];

/** The map-like fields, read with a key: `attributes["gen_ai.tool.name"]`, `body["command"]` (a map or JSON-object log body). */
export const MAP_FIELDS = ['attributes', 'resource', 'body'] as const;

/** The accessor of a plain field, or undefined when no such field exists. */
export function resolveField(name: string): FieldAccessor | undefined {
  return BASIC_FIELDS[name] ?? NORMALIZED[name] ?? LIST_FIELDS[name];
}

/** The accessor of `attributes[key]` or `resource[key]`, or undefined for another map name. */
export function resolveMapField(map: string, key: string): FieldAccessor | undefined {
  if (map === 'attributes') return accessor('any', (e) => e.attribute(key));
  if (map === 'resource') return accessor('any', (e) => e.resourceAttribute(key));
  if (map === 'body') return accessor('any', (e) => e.bodyField(key));
  return undefined;
}
