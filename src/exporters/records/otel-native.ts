import type { AgentEvent } from '../../event/index.js';
import { attributesObject, compact, durationNanos, nanosToIso, spanEvents, spanLinks } from './plain-otlp.js';

/**
 * The OTel-native document of an event: the OTLP data model's own names (the Collector's
 * Elasticsearch exporter `otel` mode), with the risk annotation inside `attributes` as sent.
 */
export function otelFields(event: AgentEvent): Record<string, unknown> {
  const span = event.span;
  const log = event.log;
  return compact({
    '@timestamp': nanosToIso(event.timeUnixNano),
    observed_timestamp: log?.observedTimeUnixNano != null ? nanosToIso(log.observedTimeUnixNano) : undefined,
    trace_id: event.traceId,
    span_id: event.spanId,
    parent_span_id: event.parentSpanId,
    trace_state: span?.traceState,
    name: span?.name,
    kind: span !== undefined ? event.kind : undefined,
    start_timestamp: span !== undefined ? nanosToIso(span.startTimeUnixNano) : undefined,
    duration: span !== undefined ? durationNanos(span) : undefined,
    'status.code': span !== undefined ? event.statusCode : undefined,
    'status.message': event.statusMessage,
    event_name: event.eventName,
    severity_text: event.severityText,
    severity_number: log !== undefined ? event.severityNumber : undefined,
    body: log !== undefined ? event.body : undefined,
    attributes: attributesObject((span ?? log)?.attributes),
    'resource.attributes': attributesObject(event.resource?.attributes),
    'scope.name': event.scope?.name,
    'scope.version': event.scope?.version,
    'scope.attributes': attributesObject(event.scope?.attributes),
    events: spanEvents(span?.events),
    links: spanLinks(span?.links),
  });
}
