import type { AgentEvent } from '../../src/event/index.js';
import { eventFromCase, keyValues, type PlainValue } from '../../src/rules/index.js';

type Plain = { readonly [key: string]: PlainValue };

/** Plain attributes as OTLP KeyValues (the rule-test format's converter). */
export { keyValues };

/** A span event with these attributes (and resource attributes). */
export function spanEvent(attributes: Plain, resource: Plain = {}): AgentEvent {
  return eventFromCase({ signal: 'span', attributes, resource });
}

/** A log event with this body, event name and attributes. */
export function logEvent(body: PlainValue, eventName: string, attributes: Plain = {}): AgentEvent {
  return eventFromCase({ signal: 'log', body, event_name: eventName, attributes });
}
