import { createHash } from 'node:crypto';
import { parseDuration } from '../../config/index.js';
import { AgentEvent, type AnyValue, type KeyValue } from '../../event/index.js';

/** A value as a test case writes it (YAML or JSON): becomes an OTLP AnyValue. */
export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };

/** One event of a rule test case, in the format of docs/rules.md "Rule tests". */
export interface EventCase {
  /** Default: `log` when `body`, `event_name` or `severity` is given, else `span`. */
  readonly signal?: 'span' | 'log';
  /** Span name (for a log record: its event name, unless `event_name` is given). */
  readonly name?: string;
  readonly event_name?: string;
  readonly body?: PlainValue;
  /** Log severity: a number, or TRACE / DEBUG / INFO / WARN / ERROR / FATAL. */
  readonly severity?: number | string;
  /** Span kind: internal, server, client, producer, consumer. */
  readonly kind?: string;
  /** Span status: unset, ok, error. */
  readonly status?: string;
  /** Event time after the base time: a duration (`30s`) or milliseconds. */
  readonly at?: string | number;
  readonly attributes?: { readonly [key: string]: PlainValue };
  readonly resource?: { readonly [key: string]: PlainValue };
}

/** The instant test events are placed after (2023-11-14T22:13:20Z). */
export const CASE_BASE_TIME_MS = 1_700_000_000_000;

const KEYS = new Set(['signal', 'name', 'event_name', 'body', 'severity', 'kind', 'status', 'at', 'attributes', 'resource']);
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES = ['unset', 'ok', 'error'];
const SEVERITIES: Readonly<Record<string, number>> = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };
let issued = 0;

function anyValue(value: PlainValue): AnyValue {
  if (value === null) return {};
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value as { [key: string]: PlainValue }) } };
}

/** Plain attributes (the test-case format) as OTLP KeyValues. */
export function keyValues(map: { readonly [key: string]: PlainValue } | undefined): KeyValue[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function oneOf(name: string, value: string | undefined, allowed: readonly string[]): number {
  if (value === undefined) return 0;
  const index = allowed.indexOf(value.toLowerCase());
  if (index < 0) throw new Error(`event \`${name}\` is ${value}; expected one of ${allowed.join(', ')}`);
  return index;
}

function offsetMs(at: string | number | undefined): number {
  if (at === undefined) return 0;
  const ms = typeof at === 'number' ? at : parseDuration(at);
  if (ms === undefined || !(ms >= 0)) throw new Error(`event \`at\` is ${at}; expected a duration like 30s or a number of milliseconds`);
  return ms;
}

function severityNumber(severity: number | string | undefined): number | undefined {
  if (severity === undefined || typeof severity === 'number') return severity;
  const n = SEVERITIES[severity.toUpperCase()];
  if (n === undefined) throw new Error(`event \`severity\` is ${severity}; expected a number or ${Object.keys(SEVERITIES).join(', ')}`);
  return n;
}

/**
 * An AgentEvent from a test case, built the way a receiver would (OTLP shapes through
 * AgentEvent.fromSpan / fromLog). Ids look random but are derived from `sequence` (default: a
 * counter), so runs repeat exactly. Throws on keys or values the format does not know.
 */
export function eventFromCase(event: EventCase, options: { readonly baseTimeMs?: number; readonly sequence?: number } = {}): AgentEvent {
  const unknown = Object.keys(event).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) throw new Error(`unknown event key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; keys are ${[...KEYS].join(', ')}`);
  const digest = createHash('sha256').update(`vigil-case-${options.sequence ?? ++issued}`).digest();
  const traceId = digest.subarray(0, 16);
  const spanId = digest.subarray(16, 24);
  const time = String(BigInt(Math.round((options.baseTimeMs ?? CASE_BASE_TIME_MS) + offsetMs(event.at))) * 1_000_000n);
  const resource = { attributes: keyValues(event.resource) };
  const attributes = keyValues(event.attributes);
  const isLog = event.signal === 'log' || (event.signal === undefined && (event.body !== undefined || event.event_name !== undefined || event.severity !== undefined));
  if (event.signal !== undefined && event.signal !== 'span' && event.signal !== 'log') throw new Error(`event \`signal\` is ${event.signal}; expected span or log`);
  if (isLog) {
    const record = {
      timeUnixNano: time,
      traceId,
      spanId,
      eventName: event.event_name ?? event.name ?? '',
      severityNumber: severityNumber(event.severity),
      severityText: typeof event.severity === 'string' ? event.severity : undefined,
      ...(event.body !== undefined && { body: anyValue(event.body) }),
      attributes,
    };
    return AgentEvent.fromLog(record, { name: 'vigil-rule-test' }, resource);
  }
  const status = { code: oneOf('status', event.status, STATUSES) };
  const span = { traceId, spanId, name: event.name ?? 'test', kind: oneOf('kind', event.kind, KINDS), startTimeUnixNano: time, endTimeUnixNano: time, status, attributes };
  return AgentEvent.fromSpan(span, { name: 'vigil-rule-test' }, resource);
}
