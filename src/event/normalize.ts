import { shellJoin } from '../shell/index.js';
import {
  ALIASES,
  ARG_WRAPPERS,
  ARGUMENT_KEYS,
  FLATTENED,
  GENAI_EVENT_BODY,
  KIND_DEPENDENT_INPUT,
  KIND_DEPENDENT_OUTPUT,
  NORMALIZED_FIELDS,
  NUMERIC_FIELDS,
  OPERATION_ALIASES,
  type NormalizedField,
} from './aliases.js';
import { anyValueToField, fieldToText, type FieldValue } from './any-value.js';
import type { KeyValue } from './otlp-shape.js';

/** Slot of each normalized field in a normalized-values array. */
export const SLOT: Readonly<Record<NormalizedField, number>> = Object.fromEntries(
  NORMALIZED_FIELDS.map((field, i) => [field, i]),
) as Record<NormalizedField, number>;

const FIELD_COUNT = NORMALIZED_FIELDS.length;

interface SourceEntry {
  slot: number;
  priority: number;
}

function buildSourceIndex(scope: 'span' | 'resource'): Map<string, SourceEntry[]> {
  const index = new Map<string, SourceEntry[]>();
  for (const field of NORMALIZED_FIELDS) {
    ALIASES[field].forEach((source, priority) => {
      if ((source.scope ?? 'span') !== scope) return;
      const entries = index.get(source.key) ?? [];
      entries.push({ slot: SLOT[field], priority });
      index.set(source.key, entries);
    });
  }
  return index;
}

// Built once: one Map lookup per attribute is all normalization costs on the hot path.
const SPAN_SOURCES = buildSourceIndex('span');
const RESOURCE_SOURCES = buildSourceIndex('resource');
const KIND_KEYS = new Set<string>([...KIND_DEPENDENT_INPUT, ...KIND_DEPENDENT_OUTPUT]);
const SHELL_TOOL = /(?:^|[^a-z])(?:shell|bash|sh|zsh|terminal|exec|execute|command|cmd|powershell|pwsh|run|subprocess|console)(?:[^a-z]|$)/i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s'"`<>|;)]+/i;
const INPUT_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'invoke_agent', 'chain', 'create_agent']);

/** What normalization reads from one event. */
export interface NormalizeInput {
  readonly attributes: readonly KeyValue[] | undefined;
  readonly resourceAttributes: readonly KeyValue[] | undefined;
  /** Log event name (LogRecord.event_name or the `event.name` attribute), '' for spans. */
  readonly eventName: string;
  /** Log body, undefined for spans. */
  readonly body: FieldValue;
}

/** Computes every normalized field of one event in one pass over its attributes. */
export function normalize(input: NormalizeInput): FieldValue[] {
  const values: FieldValue[] = new Array(FIELD_COUNT);
  const priorities: number[] = new Array(FIELD_COUNT).fill(Infinity);
  const kindDependent: Record<string, FieldValue> = {};
  const flattened: Map<NormalizedField, [string, string][]> | undefined = collect(input, values, priorities, kindDependent);

  resolveOperation(values);
  resolveKindDependent(values, kindDependent);
  if (flattened) joinFlattened(values, flattened);
  if (input.eventName) {
    const field = GENAI_EVENT_BODY[input.eventName];
    if (field) setIfAbsent(values, field, fieldToText(input.body));
  }
  extractFromArguments(values);
  deriveUrl(values);
  coerceTypes(values);
  return values;
}

function collect(
  input: NormalizeInput,
  values: FieldValue[],
  priorities: number[],
  kindDependent: Record<string, FieldValue>,
): Map<NormalizedField, [string, string][]> | undefined {
  let flattened: Map<NormalizedField, [string, string][]> | undefined;
  for (const kv of input.attributes ?? []) {
    const key = kv.key;
    const entries = SPAN_SOURCES.get(key);
    if (entries !== undefined) {
      for (const entry of entries) {
        if (entry.priority < priorities[entry.slot]) {
          const value = anyValueToField(kv.value);
          if (value == null || value === '') continue;
          values[entry.slot] = value;
          priorities[entry.slot] = entry.priority;
        }
      }
      continue;
    }
    if (KIND_KEYS.has(key)) {
      kindDependent[key] = anyValueToField(kv.value);
      continue;
    }
    for (const flat of FLATTENED) {
      if (key.startsWith(flat.prefix) && key.endsWith(flat.suffix)) {
        flattened ??= new Map();
        const parts = flattened.get(flat.field) ?? [];
        parts.push([key, fieldToText(anyValueToField(kv.value)) ?? '']);
        flattened.set(flat.field, parts);
        break;
      }
    }
  }
  for (const kv of input.resourceAttributes ?? []) {
    for (const entry of RESOURCE_SOURCES.get(kv.key) ?? []) {
      if (entry.priority < priorities[entry.slot]) {
        values[entry.slot] = anyValueToField(kv.value);
        priorities[entry.slot] = entry.priority;
      }
    }
  }
  return flattened;
}

function setIfAbsent(values: FieldValue[], field: NormalizedField, value: FieldValue): void {
  const slot = SLOT[field];
  if ((values[slot] == null || values[slot] === '') && value != null && value !== '') values[slot] = value;
}

function resolveOperation(values: FieldValue[]): void {
  const raw = values[SLOT.operation];
  if (typeof raw === 'string') values[SLOT.operation] = OPERATION_ALIASES[raw] ?? raw;
  else if (values[SLOT['tool.name']] != null) values[SLOT.operation] = 'execute_tool';
}

function resolveKindDependent(values: FieldValue[], kindDependent: Record<string, FieldValue>): void {
  const input = KIND_DEPENDENT_INPUT.map((k) => kindDependent[k]).find((v) => v != null);
  const output = KIND_DEPENDENT_OUTPUT.map((k) => kindDependent[k]).find((v) => v != null);
  if (input === undefined && output === undefined) return;
  const operation = values[SLOT.operation];
  if (operation === 'execute_tool') {
    setIfAbsent(values, 'tool.args', input);
    setIfAbsent(values, 'tool.result', output);
  } else if (operation === 'retrieval') {
    setIfAbsent(values, 'prompt', input);
    setIfAbsent(values, 'document', output);
  } else if (typeof operation !== 'string' || INPUT_OPERATIONS.has(operation)) {
    setIfAbsent(values, 'prompt', input);
    setIfAbsent(values, 'completion', output);
  }
}

function joinFlattened(values: FieldValue[], flattened: Map<NormalizedField, [string, string][]>): void {
  for (const [field, parts] of flattened) {
    parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    setIfAbsent(values, field, parts.map((p) => p[1]).join('\n'));
  }
}

/** Pulls commands, paths, URLs, queries and recipients out of a tool's JSON arguments. */
function extractFromArguments(values: FieldValue[]): void {
  const args = values[SLOT['tool.args']];
  if (args == null) return;
  let parsed: FieldValue = args;
  if (typeof args === 'string') {
    const trimmed = args.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        parsed = JSON.parse(trimmed) as FieldValue;
      } catch {
        parsed = args;
      }
    }
  }
  if (typeof parsed === 'string') {
    // A bare string handed to a shell-like tool is the command itself.
    const tool = values[SLOT['tool.name']];
    if (typeof tool === 'string' && SHELL_TOOL.test(tool)) setIfAbsent(values, 'command', parsed);
    return;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return;
  const record = parsed as { readonly [key: string]: FieldValue };
  takeArgumentKeys(values, record);
  for (const wrapper of ARG_WRAPPERS) {
    const inner = record[wrapper];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      takeArgumentKeys(values, inner as { readonly [key: string]: FieldValue });
    } else if (typeof inner === 'string' && values[SLOT.command] == null) {
      const tool = values[SLOT['tool.name']];
      if (typeof tool === 'string' && SHELL_TOOL.test(tool)) setIfAbsent(values, 'command', inner);
    }
  }
}

function takeArgumentKeys(values: FieldValue[], record: { readonly [key: string]: FieldValue }): void {
  for (const key of Object.keys(record)) {
    const field = ARGUMENT_KEYS[key.toLowerCase()];
    if (field === undefined) continue;
    const value = record[key];
    // An argv array (Codex `shell`: ["bash", "-lc", "…"]) keeps its word boundaries as shell quoting.
    const list = Array.isArray(value) ? value.map((v) => fieldToText(v) ?? '') : undefined;
    setIfAbsent(values, field, list === undefined ? fieldToText(value) : field === 'command' ? shellJoin(list) : list.join(','));
  }
}

function deriveUrl(values: FieldValue[]): void {
  if (values[SLOT.url] == null) {
    const command = values[SLOT.command];
    const match = typeof command === 'string' ? URL_IN_TEXT.exec(command) : null;
    if (match) values[SLOT.url] = match[0];
  }
  const url = values[SLOT.url];
  if (values[SLOT['url.host']] == null && typeof url === 'string') {
    const host = hostOf(url);
    if (host) values[SLOT['url.host']] = host;
  }
  const host = values[SLOT['url.host']];
  if (typeof host === 'string') values[SLOT['url.host']] = host.toLowerCase();
}

/** The host of a URL (with or without a scheme), lowercased, without port or brackets. */
export function hostOf(url: string): string | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:)?\/\/(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^:/?#\s]*)/i.exec(url) ?? /^(\[[^\]]*\]|[^:/?#\s@]+)/.exec(url);
  if (!match || !match[1]) return undefined;
  return match[1].replace(/^\[|\]$/g, '').toLowerCase();
}

function coerceTypes(values: FieldValue[]): void {
  for (let slot = 0; slot < FIELD_COUNT; slot++) {
    const value = values[slot];
    if (value == null) continue;
    if (NUMERIC_FIELDS.has(NORMALIZED_FIELDS[slot])) {
      const n = typeof value === 'number' ? value : Number(value);
      values[slot] = Number.isFinite(n) ? n : undefined;
    } else if (typeof value !== 'string') {
      values[slot] = fieldToText(value);
    }
  }
}
