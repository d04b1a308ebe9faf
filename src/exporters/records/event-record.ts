import { Type } from '@sinclair/typebox';
import { eventsFromLogs, eventsFromTraces, type AgentEvent, type LogsRequest, type TraceRequest } from '../../event/index.js';
import type { TelemetryBatch } from '../component.js';
import { ecsFields } from './ecs.js';
import { eventId } from './event-id.js';
import { otelFields } from './otel-native.js';
import { riskOf, type Risk } from './risk.js';

/** How a record's fields are named: ECS-style (`event.*`, `rule.*`, `url.full`) or the OTel-native mapping. */
export type RecordMapping = 'ecs' | 'otel';

/** The `mapping` option every non-OTLP exporter shares. */
export const MappingOption = Type.Union([Type.Literal('ecs'), Type.Literal('otel')], {
  default: 'ecs',
  description: 'field names: ECS-style (event.*, rule.*, threat.technique.*) or OTel-native (attributes.*, resource.attributes.*)',
});

/**
 * One annotated span or log record as a flat record for the exporters that do not speak OTLP.
 * `fields` is the document in the chosen mapping (every original value kept); the rest are the
 * facts exporters put in labels, headers or syslog fields, named the same in either mapping.
 */
export interface EventRecord {
  /** Stable id (see event-id.ts): the same span or log record always gets the same one. */
  readonly id: string;
  readonly signal: 'span' | 'log';
  readonly timeMs: number;
  /** Event time, nanoseconds since the epoch, as a decimal string. */
  readonly timeUnixNano: string;
  /** Lowercase hex ids, '' when absent. */
  readonly traceId: string;
  readonly spanId: string;
  /** The agent session (normalized `session.id`), '' when absent. */
  readonly session: string;
  /** Resource `service.name`, '' when absent. */
  readonly service: string;
  /** The agent's name (normalized vocabulary), '' when absent. */
  readonly agent: string;
  readonly risk: Risk;
  /** A one-line human summary: the log body, or the span name with its command, URL or path. */
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The records of one batch, in request order. */
export function recordsOf(batch: TelemetryBatch, mapping: RecordMapping): EventRecord[] {
  const events = batch.signal === 'traces' ? eventsFromTraces(batch.request() as TraceRequest) : eventsFromLogs(batch.request() as LogsRequest);
  return events.map((event) => toRecord(event, mapping));
}

/** The record of one event. */
function toRecord(event: AgentEvent, mapping: RecordMapping): EventRecord {
  const id = eventId(event);
  const risk = riskOf(event);
  const message = summary(event);
  return {
    id,
    signal: event.signal,
    timeMs: event.timeMs,
    timeUnixNano: event.timeUnixNano,
    traceId: event.traceId,
    spanId: event.spanId,
    session: text(event.normalizedField('session.id')),
    service: text(event.resourceAttribute('service.name')),
    agent: text(event.normalizedField('agent.name')),
    risk,
    message,
    fields: mapping === 'ecs' ? ecsFields(event, id, risk, message) : otelFields(event),
  };
}

function summary(event: AgentEvent): string {
  if (event.signal === 'log') return event.bodyText ?? event.name;
  const detail = event.normalizedField('command') ?? event.normalizedField('url') ?? event.normalizedField('file.path');
  return detail === undefined ? event.name : `${event.name}: ${text(detail)}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}
