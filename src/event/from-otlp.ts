import { MULTI_PATH_EVENTS } from './dialects/index.js';
import { AgentEvent } from './model.js';
import type { LogsRequest, TraceRequest } from './otlp-shape.js';

/** One event per span of a decoded export request, in request order. */
export function eventsFromTraces(request: TraceRequest): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) events.push(AgentEvent.fromSpan(span, scopeSpans.scope, resourceSpans.resource));
    }
  }
  return events;
}

/**
 * One event per log record of a decoded export request, in request order; a record that touches
 * several files (a patch) gives one more event per further file, right after it.
 */
export function eventsFromLogs(request: LogsRequest): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const resourceLogs of request.resourceLogs ?? []) {
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      for (const log of scopeLogs.logRecords ?? []) {
        const event = AgentEvent.fromLog(log, scopeLogs.scope, resourceLogs.resource);
        if (MULTI_PATH_EVENTS.has(event.eventName)) events.push(...event.splitByPath());
        else events.push(event);
      }
    }
  }
  return events;
}
