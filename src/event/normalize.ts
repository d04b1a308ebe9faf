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
import { asRecord, detectDialect, DIALECTS, GENERIC, isPlaceholder, readEventContent, readMessages, type DeriveContext, type Dialect, type EventView } from './dialects/index.js';

/** Slot of each normalized field in a normalized-values array. */
export const SLOT: Readonly<Record<NormalizedField, number>> = Object.fromEntries(
  NORMALIZED_FIELDS.map((field, i) => [field, i]),
) as Record<NormalizedField, number>;

const FIELD_COUNT = NORMALIZED_FIELDS.length;

interface SourceEntry {
  slot: number;
  priority: number;
  /** A message list: kept aside and decoded once the operation is known. */
  messages?: 'input' | 'output';
}

type SourceIndex = Map<string, SourceEntry[]>;

function buildSourceIndex(scope: 'span' | 'resource'): SourceIndex {
  const index: SourceIndex = new Map();
  for (const field of NORMALIZED_FIELDS) {
    ALIASES[field].forEach((source, priority) => {
      if ((source.scope ?? 'span') !== scope) return;
      const entries = index.get(source.key) ?? [];
      entries.push({ slot: SLOT[field], priority, ...(source.messages && { messages: source.messages }) });
      index.set(source.key, entries);
    });
  }
  return index;
}

// A dialect's own keys come before every generic source; `null` takes a generic key away.
function dialectIndex(dialect: Dialect, generic: SourceIndex): SourceIndex {
  const index: SourceIndex = new Map([...generic].map(([key, entries]) => [key, [...entries]]));
  Object.entries(dialect.map.attributes ?? {}).forEach(([key, field], i) => {
    if (field === null) index.delete(key);
    else index.set(key, [{ slot: SLOT[field], priority: i - 1000 }, ...(index.get(key) ?? [])]);
  });
  return index;
}

// Built once: one Map lookup per attribute is all normalization costs on the hot path.
const SPAN_SOURCES = buildSourceIndex('span');
const RESOURCE_SOURCES = buildSourceIndex('resource');
const DIALECT_SOURCES = new Map<Dialect, SourceIndex>([...DIALECTS, GENERIC].map((d) => [d, dialectIndex(d, SPAN_SOURCES)]));
const KIND_KEYS = new Set<string>([...KIND_DEPENDENT_INPUT, ...KIND_DEPENDENT_OUTPUT]);
const SHELL_TOOL = /(?:^|[^a-z])(?:shell|bash|sh|zsh|terminal|exec|execute|command|cmd|powershell|pwsh|run|subprocess|console)(?:[^a-z]|$)/i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s'"`<>|;)]+/i;
// A search tool's `query` is what it looks up on the web, not SQL (a database tool's name says so).
const WEB_SEARCH_TOOL = /search|web|google|bing|browse|tavily|serp|duckduckgo|fetch/i;
const DATABASE_TOOL = /sql|db|database|postgres|mysql|sqlite|bigquery|snowflake|redshift|mongo/i;
const INPUT_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'invoke_agent', 'chain', 'create_agent']);

/** The normalized fields of one event, and any further paths it touches (one event each). */
export interface Normalized {
  readonly values: FieldValue[];
  readonly extraPaths: readonly string[] | undefined;
}

interface Collected {
  flattened?: Map<NormalizedField, [string, string][]>;
  inputMessages?: FieldValue;
  outputMessages?: FieldValue;
}

/** Computes every normalized field of one event in one pass over its attributes, in the dialect it is written in. */
export function normalize(event: EventView): Normalized {
  const dialect = detectDialect(event);
  const values: FieldValue[] = new Array(FIELD_COUNT);
  const priorities: number[] = new Array(FIELD_COUNT).fill(Infinity);
  const kindDependent: Record<string, FieldValue> = {};
  const collected = collect(event, DIALECT_SOURCES.get(dialect) as SourceIndex, values, priorities, kindDependent);
  if (dialect.map.body !== undefined && event.signal === 'log') readBody(values, dialect.map.body, event.logBody);

  resolveOperation(values, dialect, event);
  resolveKindDependent(values, kindDependent);
  if (collected.flattened) joinFlattened(values, collected.flattened);
  if (event.eventName) {
    const field = GENAI_EVENT_BODY[event.eventName];
    if (field) setIfAbsent(values, field, fieldToText(event.logBody));
  }
  let extraPaths: string[] | undefined;
  const ctx: DeriveContext = {
    event,
    get: (field) => values[SLOT[field]],
    set: (field, value) => setIfAbsent(values, field, value),
    replace: (field, value) => {
      if (value != null && value !== '' && !isPlaceholder(value)) values[SLOT[field]] = value;
    },
    addPaths: (paths) => {
      if (paths.length > 0) (extraPaths ??= []).push(...paths);
    },
  };
  dialect.map.derive?.(ctx);
  if (collected.inputMessages !== undefined || collected.outputMessages !== undefined) readMessages(ctx, collected.inputMessages, collected.outputMessages);
  readEventContent(ctx);
  // A dialect's decoding may have found the tool name only now.
  if (values[SLOT.operation] == null && values[SLOT['tool.name']] != null) values[SLOT.operation] = 'execute_tool';
  extractFromArguments(values);
  deriveUrl(values);
  coerceTypes(values);
  values[SLOT.dialect] = dialect.name;
  return { values, extraPaths };
}

function collect(
  event: EventView,
  sources: SourceIndex,
  values: FieldValue[],
  priorities: number[],
  kindDependent: Record<string, FieldValue>,
): Collected {
  const collected: Collected = {};
  for (const kv of event.attributeList ?? []) {
    const key = kv.key;
    const entries = sources.get(key);
    if (entries !== undefined) {
      for (const entry of entries) {
        if (entry.priority < priorities[entry.slot]) {
          const value = anyValueToField(kv.value);
          if (value == null || value === '' || isPlaceholder(value)) continue;
          if (entry.messages === 'input') collected.inputMessages = value;
          else if (entry.messages === 'output') collected.outputMessages = value;
          else {
            values[entry.slot] = value;
            priorities[entry.slot] = entry.priority;
          }
        }
      }
      continue;
    }
    if (KIND_KEYS.has(key)) {
      const value = anyValueToField(kv.value);
      if (!isPlaceholder(value)) kindDependent[key] = value;
      continue;
    }
    for (const flat of FLATTENED) {
      if (key.startsWith(flat.prefix) && key.endsWith(flat.suffix)) {
        collected.flattened ??= new Map();
        const parts = collected.flattened.get(flat.field) ?? [];
        parts.push([key, fieldToText(anyValueToField(kv.value)) ?? '']);
        collected.flattened.set(flat.field, parts);
        break;
      }
    }
  }
  for (const kv of event.resourceAttributeList ?? []) {
    for (const entry of RESOURCE_SOURCES.get(kv.key) ?? []) {
      if (entry.priority < priorities[entry.slot]) {
        values[entry.slot] = anyValueToField(kv.value);
        priorities[entry.slot] = entry.priority;
      }
    }
  }
  return collected;
}

/** A map or JSON-object log body's fields, by the dialect's body table (attributes win). */
function readBody(values: FieldValue[], table: Readonly<Record<string, NormalizedField>>, body: FieldValue): void {
  const record = asRecord(body);
  if (record === undefined) return;
  for (const key of Object.keys(record)) {
    const field = table[key.toLowerCase()];
    if (field !== undefined) setIfAbsent(values, field, record[key]);
  }
}

function setIfAbsent(values: FieldValue[], field: NormalizedField, value: FieldValue): void {
  const slot = SLOT[field];
  if ((values[slot] == null || values[slot] === '') && value != null && value !== '' && !isPlaceholder(value)) values[slot] = value;
}

/** The operation: the raw value through the dialect's and the generic tables, else the event or span name's. */
function resolveOperation(values: FieldValue[], dialect: Dialect, event: EventView): void {
  const raw = values[SLOT.operation];
  const table = dialect.map.operations;
  if (typeof raw === 'string') {
    values[SLOT.operation] = table?.[raw] ?? OPERATION_ALIASES[raw] ?? raw;
    return;
  }
  const body = event.logBody;
  const byName = table?.[event.name] ?? (typeof body === 'string' ? table?.[body] : undefined);
  if (byName !== undefined) values[SLOT.operation] = byName;
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
  const tool = values[SLOT['tool.name']];
  const webSearch = typeof tool === 'string' && WEB_SEARCH_TOOL.test(tool) && !DATABASE_TOOL.test(tool);
  takeArgumentKeys(values, record, webSearch);
  for (const wrapper of ARG_WRAPPERS) {
    const inner = record[wrapper];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      takeArgumentKeys(values, inner as { readonly [key: string]: FieldValue }, webSearch);
    } else if (typeof inner === 'string' && values[SLOT.command] == null) {
      const tool = values[SLOT['tool.name']];
      if (typeof tool === 'string' && SHELL_TOOL.test(tool)) setIfAbsent(values, 'command', inner);
    }
  }
}

function takeArgumentKeys(values: FieldValue[], record: { readonly [key: string]: FieldValue }, webSearch: boolean): void {
  for (const key of Object.keys(record)) {
    const field = ARGUMENT_KEYS[key.toLowerCase()];
    if (field === undefined || (webSearch && field === 'db.query')) continue;
    const value = record[key];
    // An argv array (Codex `shell`: ["bash", "-lc", "…"]) keeps its word boundaries as shell quoting;
    // a `commands` list holds whole command lines, one per line.
    const list = Array.isArray(value) ? value.map((v) => fieldToText(v) ?? '') : undefined;
    const joined = list === undefined ? undefined : field !== 'command' ? list.join(',') : key.toLowerCase() === 'commands' ? list.join('\n') : shellJoin(list);
    setIfAbsent(values, field, list === undefined ? fieldToText(value) : joined);
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
