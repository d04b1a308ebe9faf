import type { AgentEvent, LogsRequest, TraceRequest } from '../event/index.js';
import type { VigilConfig } from '../config/index.js';

/** A pipeline's `filter:` section. */
export type PipelineFilter = VigilConfig['pipelines']['traces']['filter'];

const LEVELS = ['none', 'info', 'low', 'medium', 'high', 'critical'];

/** True when the filter lets everything through (the common case: no copy is made). */
export const passesAll = (filter: PipelineFilter): boolean => filter.min_risk === 'none' && !filter.detections_only && !filter.drop_no_risk;

// Read back the annotation the detection stage appended (README: "Annotated output").
function annotation(event: AgentEvent): { level: number; score: number; detections: number } {
  let level = 0;
  let score = 0;
  let detections = 0;
  for (const { key, value } of (event.span ?? event.log)?.attributes ?? []) {
    if (key === 'vigil.risk.level') level = LEVELS.indexOf(value?.stringValue ?? 'none');
    else if (key === 'vigil.risk.score') score = Number(value?.intValue ?? 0);
    else if (key === 'vigil.detection.ids') detections = value?.arrayValue?.values?.length ?? 0;
  }
  return { level, score, detections };
}

function passes(event: AgentEvent, filter: PipelineFilter, minLevel: number): boolean {
  const { level, score, detections } = annotation(event);
  return level >= minLevel && (!filter.detections_only || detections > 0) && (!filter.drop_no_risk || score > 0);
}

/**
 * The part of an annotated request a pipeline forwards: the request itself when the filter passes
 * everything, else a shallow copy holding only the kept spans or log records (resources and
 * scopes left empty are left out). Undefined when nothing is kept.
 */
export function filterRequest(request: TraceRequest | LogsRequest, events: readonly AgentEvent[], filter: PipelineFilter): { request: TraceRequest | LogsRequest; items: number } | undefined {
  if (passesAll(filter)) return events.length > 0 ? { request, items: events.length } : undefined;
  const minLevel = LEVELS.indexOf(filter.min_risk);
  const kept = new Set<object>();
  for (const event of events) if (passes(event, filter, minLevel)) kept.add((event.span ?? event.log) as object);
  if (kept.size === 0) return undefined;
  if ('resourceSpans' in request) {
    const resourceSpans = (request.resourceSpans ?? [])
      .map((rs) => ({ ...rs, scopeSpans: (rs.scopeSpans ?? []).map((ss) => ({ ...ss, spans: (ss.spans ?? []).filter((s) => kept.has(s)) })).filter((ss) => ss.spans.length > 0) }))
      .filter((rs) => rs.scopeSpans.length > 0);
    return { request: { resourceSpans }, items: kept.size };
  }
  const resourceLogs = ((request as LogsRequest).resourceLogs ?? [])
    .map((rl) => ({ ...rl, scopeLogs: (rl.scopeLogs ?? []).map((sl) => ({ ...sl, logRecords: (sl.logRecords ?? []).filter((l) => kept.has(l)) })).filter((sl) => sl.logRecords.length > 0) }))
    .filter((rl) => rl.scopeLogs.length > 0);
  return { request: { resourceLogs }, items: kept.size };
}
