import type { AgentEvent, FieldValue, NormalizedField } from '../event/index.js';
import type { Detection } from '../rules/index.js';
import type { AlertContext } from './alert.js';

const text = (value: FieldValue): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
const key = (traceId: string, spanId: string, timeUnixNano: string) => `${traceId}/${spanId}/${timeUnixNano}`;

/** The batch's events by the key detections name them with. */
export function eventsByKey(events: readonly AgentEvent[]): Map<string, AgentEvent> {
  return new Map(events.map((e) => [key(e.traceId, e.spanId, e.timeUnixNano), e]));
}

/**
 * The context of a detection: each fact from the latest involved event that has it (a sequence's
 * command may sit in an earlier step than its exfiltration URL), else from the group values.
 */
export function alertContext(detection: Detection, events: ReadonlyMap<string, AgentEvent>): AlertContext {
  const involved = detection.events
    .map((e) => events.get(key(e.traceId, e.spanId, e.timeUnixNano)))
    .filter((e): e is AgentEvent => e !== undefined)
    .reverse();
  const fact = (field: NormalizedField): string => {
    for (const event of involved) {
      const value = text(event.normalizedField(field));
      if (value !== '') return value;
    }
    return detection.group[field] ?? '';
  };
  return {
    session: fact('session.id'),
    agent: fact('agent.name'),
    user: fact('user.id'),
    tool: fact('tool.name'),
    command: fact('command'),
    url: fact('url'),
    filePath: fact('file.path'),
    traceId: detection.events.at(-1)?.traceId ?? '',
  };
}
