import { randomBytes } from 'node:crypto';
import { AgentEvent } from '../event/index.js';
import { keyValues, type PlainValue } from '../rules/index.js';
import type { Subjects } from './flag.js';

/** A proposed action as `POST /v1/check` takes it: the attributes its span would carry. */
export interface ProposedAction {
  readonly attributes: { readonly [key: string]: PlainValue };
  readonly resource?: { readonly [key: string]: PlainValue };
}

/** Why a request body is not a proposed action, or undefined when it is one. */
export function invalidAction(body: unknown): string | undefined {
  const isMap = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(body)) return 'body must be a JSON object {"attributes": {...}, "resource": {...}}';
  const { attributes, resource } = body as Record<string, unknown>;
  if (!isMap(attributes)) return '`attributes` must be an object of span attributes';
  if (resource !== undefined && !isMap(resource)) return '`resource` must be an object of resource attributes';
  return undefined;
}

/**
 * The event a span of the proposed action would become: an OTLP span built from the attributes
 * and handed to AgentEvent.fromSpan, so rules see exactly what they would see at ingest. It ends
 * now; its ids are random (the span that reports the action later has its own).
 */
export function checkEvent(action: ProposedAction, nowMs: number): AgentEvent {
  const time = String(BigInt(nowMs) * 1_000_000n);
  const attributes = keyValues(action.attributes);
  const tool = action.attributes['gen_ai.tool.name'];
  const span = {
    traceId: randomBytes(16),
    spanId: randomBytes(8),
    name: typeof tool === 'string' ? `execute_tool ${tool}` : 'execute_tool',
    kind: 1,
    startTimeUnixNano: time,
    endTimeUnixNano: time,
    attributes,
  };
  return AgentEvent.fromSpan(span, { name: 'vigil-check' }, { attributes: keyValues(action.resource) });
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The session, agent and user an event names (through the normalized vocabulary). */
export function subjectsOf(event: AgentEvent): Subjects {
  return { session: text(event.normalizedField('session.id')), agent: text(event.normalizedField('agent.id')), user: text(event.normalizedField('user.id')) };
}

/** The attribute that ties a later span to the check that allowed it. */
export const DECISION_ID_ATTRIBUTE = 'vigil.decision.id';
/** The tool call id of the GenAI conventions: the other tie. */
export const TOOL_CALL_ID_ATTRIBUTE = 'gen_ai.tool.call.id';

/** The ids a span can be matched to an allowed check by: the decision id it carries, its tool call id. */
export function callIds(event: AgentEvent): string[] {
  const ids: string[] = [];
  const decision = text(event.attribute(DECISION_ID_ATTRIBUTE));
  const call = text(event.attribute(TOOL_CALL_ID_ATTRIBUTE));
  if (decision !== undefined) ids.push(`d:${decision}`);
  if (call !== undefined) ids.push(`c:${call}`);
  return ids;
}
