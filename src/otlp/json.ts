import protobuf from 'protobufjs/light.js';
import { VigilError } from '../errors.js';
import type { LogsRequest, TraceRequest } from '../event/index.js';
import { MAX_NESTING, TYPES } from './proto-schema.js';

/**
 * OTLP/JSON into the same shape the protobuf decoder produces, driven by the same schema. The rules
 * are the proto3 JSON mapping with the deviations of the OTLP spec (OTLP/HTTP, JSON Protobuf
 * Encoding): trace and span ids are case-insensitive hex, not base64; unknown fields are ignored;
 * int64 arrives as a decimal string or a number. Leniencies the mapping allows a parser: original
 * snake_case keys beside lowerCamelCase, and enum names beside integers (OTLP senders must use
 * integers, but nothing is lost by reading a name).
 */

type Convert = (value: unknown, depth: number) => unknown;

interface JsonField {
  readonly name: string;
  readonly repeated: boolean;
  readonly convert: Convert;
}

/** Fields of one message by JSON key, both lowerCamelCase and snake_case, and the keys it cannot do without. */
interface JsonTable {
  readonly fields: ReadonlyMap<string, JsonField>;
  readonly required: readonly string[];
}

// Fields without which the message means nothing: an attribute must name its key (OTLP common
// AttributeKey: "non-empty string"); the binary encoding cannot tell absent from empty, JSON can.
const REQUIRED: Readonly<Record<string, readonly string[]>> = { KeyValue: ['key'] };

/** A bad value; the path to it is filled in as the error unwinds, so the success path builds none. */
class PathError extends Error {
  readonly path: (string | number)[] = [];
}

const fail = (reason: string): never => {
  throw new PathError(reason);
};

function within(err: unknown, step: string | number): never {
  if (err instanceof PathError) err.path.unshift(step);
  throw err;
}

const INTEGER = /^-?\d+$/;
const integer = (min: number, max: number): Convert => (value) => {
  const n = typeof value === 'string' && INTEGER.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : fail(`expected an integer from ${min} to ${max}`);
};

// Kept as given (decimal string or number): the event model and the encoder read both exactly.
const int64 = (unsigned: boolean): Convert => {
  const pattern = unsigned ? /^\d{1,20}$/ : /^-?\d{1,19}$/;
  const reason = `expected ${unsigned ? 'an unsigned' : 'a'} 64-bit integer as a number or a decimal string`;
  return (value) =>
    (typeof value === 'string' && pattern.test(value)) || (typeof value === 'number' && Number.isInteger(value) && (!unsigned || value >= 0)) ? value : fail(reason);
};

const SPECIAL_DOUBLES: ReadonlyMap<string, number> = new Map([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]]);
const double: Convert = (value) => {
  if (typeof value === 'number') return value;
  const n = typeof value === 'string' ? SPECIAL_DOUBLES.get(value) ?? (value.trim() === '' ? NaN : Number(value)) : NaN;
  return Number.isNaN(n) && value !== 'NaN' ? fail('expected a number') : n;
};

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const base64: Convert = (value) => (typeof value === 'string' && BASE64.test(value) ? Buffer.from(value, 'base64') : fail('expected a base64 string'));

// Buffer.from stops at the first character that is not hex, so a short result means a bad string.
const hexId: Convert = (value) => {
  const id = typeof value === 'string' ? Buffer.from(value, 'hex') : undefined;
  return id !== undefined && id.length * 2 === (value as string).length ? id : fail('expected a hex string');
};

const SCALARS: Readonly<Record<string, Convert>> = {
  string: (value) => (typeof value === 'string' ? value : fail('expected a string')),
  bool: (value) => (typeof value === 'boolean' ? value : fail('expected true or false')),
  double,
  float: double,
  int32: integer(-(2 ** 31), 2 ** 31 - 1),
  uint32: integer(0, 2 ** 32 - 1),
  fixed32: integer(0, 2 ** 32 - 1),
  int64: int64(false),
  uint64: int64(true),
  fixed64: int64(true),
};

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

function enumOf(values: Readonly<Record<string, number>>): Convert {
  const byName = new Map(Object.entries(values));
  const reason = `expected an integer or one of ${[...byName.keys()].join(', ')}`;
  const asInteger = SCALARS.int32;
  return (value, depth) => (typeof value === 'string' && byName.has(value) ? byName.get(value) : typeof value === 'number' ? asInteger(value, depth) : fail(reason));
}

function message(value: unknown, table: JsonTable, depth: number): Record<string, unknown> {
  if (depth > MAX_NESTING) fail(`nesting deeper than ${MAX_NESTING}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('expected an object');
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const field = table.fields.get(key);
    const v = source[key];
    // Unknown keys are skipped as the binary decoder skips unknown fields; null means "not set".
    if (field === undefined || v === null) continue;
    try {
      out[field.name] = field.repeated ? list(v, field.convert, depth) : field.convert(v, depth);
    } catch (err) {
      within(err, key);
    }
  }
  for (const name of table.required) if (out[name] === undefined) within(new PathError('required'), name);
  return out;
}

function list(value: unknown, convert: Convert, depth: number): unknown[] {
  if (!Array.isArray(value)) return fail('expected an array');
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      out[i] = convert(value[i], depth);
    } catch (err) {
      within(err, i);
    }
  }
  return out;
}

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function tableOf(type: protobuf.Type, seen: Map<protobuf.Type, JsonTable>): JsonTable {
  const known = seen.get(type);
  if (known) return known;
  const fields = new Map<string, JsonField>();
  const table: JsonTable = { fields, required: REQUIRED[type.name] ?? [] };
  seen.set(type, table);
  for (const f of type.fieldsArray) {
    const entry: JsonField = { name: f.name, repeated: f.repeated, convert: converterOf(f, seen) };
    fields.set(f.name, entry);
    fields.set(snakeCase(f.name), entry);
  }
  return table;
}

function converterOf(f: protobuf.Field, seen: Map<protobuf.Type, JsonTable>): Convert {
  const resolved = f.resolve().resolvedType;
  if (resolved instanceof protobuf.Type) {
    const table = tableOf(resolved, seen);
    return (value, depth) => message(value, table, depth + 1);
  }
  if (resolved instanceof protobuf.Enum) return enumOf(resolved.values);
  if (f.type === 'bytes') return ID_FIELDS.has(f.name) ? hexId : base64;
  const scalar = SCALARS[f.type];
  if (scalar === undefined) throw new Error(`no JSON rule for ${f.fullName} of type ${f.type}`);
  return scalar;
}

const formatPath = (path: readonly (string | number)[]): string =>
  path.length === 0 ? '(top level)' : path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');

function fromJson(text: string, table: JsonTable): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new VigilError('VGL_BAD_JSON', (err as Error).message);
  }
  try {
    return message(parsed, table, 0);
  } catch (err) {
    throw new VigilError('VGL_BAD_JSON', err instanceof PathError ? `${formatPath(err.path)}: ${err.message}` : (err as Error).message);
  }
}

const seen = new Map<protobuf.Type, JsonTable>();
const TRACE_TABLE = tableOf(TYPES.traceRequest, seen);
const LOGS_TABLE = tableOf(TYPES.logsRequest, seen);

/** An ExportTraceServiceRequest from OTLP/JSON text; throws VGL_BAD_JSON naming the bad value's path. */
export function traceRequestFromJson(text: string): TraceRequest {
  return fromJson(text, TRACE_TABLE) as TraceRequest;
}

/** An ExportLogsServiceRequest from OTLP/JSON text; throws VGL_BAD_JSON naming the bad value's path. */
export function logsRequestFromJson(text: string): LogsRequest {
  return fromJson(text, LOGS_TABLE) as LogsRequest;
}
