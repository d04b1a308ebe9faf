import { AgentEvent, type AnyValue, type KeyValue } from '../../src/event/index.js';

type Plain = string | number | boolean | Plain[] | { [key: string]: Plain };

function anyValue(value: Plain): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}

/** Plain attributes as OTLP KeyValues. */
export function keyValues(record: { [key: string]: Plain }): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: anyValue(value) }));
}

/** A span event with these attributes (and resource attributes). */
export function spanEvent(attributes: { [key: string]: Plain }, resource: { [key: string]: Plain } = {}): AgentEvent {
  return AgentEvent.fromSpan(
    { name: 'test', traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), endTimeUnixNano: '1700000000000000000', attributes: keyValues(attributes) },
    { name: 'test-scope' },
    { attributes: keyValues(resource) },
  );
}

/** A log event with this body, event name and attributes. */
export function logEvent(body: Plain, eventName: string, attributes: { [key: string]: Plain } = {}): AgentEvent {
  return AgentEvent.fromLog({ timeUnixNano: '1700000000000000000', eventName, body: anyValue(body), attributes: keyValues(attributes) }, null, { attributes: [] });
}
