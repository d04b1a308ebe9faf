import { NORMALIZED_FIELDS, type AgentEvent, type FieldValue } from '../event/index.js';

/** An event as `vigil replay --events` prints it: identity, time and every normalized field present. */
export function describeEvent(event: AgentEvent): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {
    signal: event.signal,
    traceId: event.traceId,
    spanId: event.spanId,
    timeUnixNano: event.timeUnixNano,
    name: event.name,
  };
  for (const field of NORMALIZED_FIELDS) {
    const value = event.normalizedField(field);
    if (value !== undefined) out[field] = value;
  }
  return out;
}
