import { VigilError } from '../../errors.js';
import type { LogRecord, LogsRequest, Span, TraceRequest } from '../../event/index.js';

/** Items removed from one request, reported back as partial_success (OTLP Partial Success). */
export interface Rejection {
  readonly count: number;
  /** Human-readable, in English: how many, why, and where the first one was. */
  readonly message: string;
}

/** Field names from the request down to the items, for the message. */
type Path = readonly [string, string, string];
const SPANS_PATH: Path = ['resource_spans', 'scope_spans', 'spans'];
const LOGS_PATH: Path = ['resource_logs', 'scope_logs', 'log_records'];

interface Tally {
  count: number;
  first: string;
}

const isZero = (id: Uint8Array): boolean => {
  for (let i = 0; i < id.length; i++) if (id[i] !== 0) return false;
  return true;
};
const validId = (id: Uint8Array | undefined, length: number): boolean => id !== undefined && id.length === length && !isZero(id);

// trace.proto: an all-zero id or one of another length is invalid, and both ids are required.
function spanProblem(span: Span): string | undefined {
  if (!validId(span.traceId, 16)) return 'trace_id must be 16 bytes and not all zero';
  if (!validId(span.spanId, 8)) return 'span_id must be 8 bytes and not all zero';
  if (span.parentSpanId !== undefined && span.parentSpanId.length !== 0 && span.parentSpanId.length !== 8) return 'parent_span_id must be empty or 8 bytes';
  return undefined;
}

// logs.proto: both ids are optional, but one that is present has its fixed length.
function logProblem(log: LogRecord): string | undefined {
  if (log.traceId !== undefined && log.traceId.length !== 0 && log.traceId.length !== 16) return 'trace_id must be empty or 16 bytes';
  if (log.spanId !== undefined && log.spanId.length !== 0 && log.spanId.length !== 8) return 'span_id must be empty or 8 bytes';
  return undefined;
}

/** The items without the invalid ones; the same array when all are valid (the usual case). */
function keepValid<T>(items: T[] | undefined, problem: (item: T) => string | undefined, tally: Tally, path: Path, r: number, s: number): T[] | undefined {
  if (items === undefined) return undefined;
  let kept: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const reason = problem(items[i]);
    if (reason === undefined) {
      kept?.push(items[i]);
      continue;
    }
    kept ??= items.slice(0, i);
    if (tally.count++ === 0) tally.first = `${reason} (first at ${path[0]}[${r}].${path[1]}[${s}].${path[2]}[${i}])`;
  }
  return kept ?? items;
}

const rejection = (tally: Tally, items: string): Rejection | undefined =>
  tally.count === 0 ? undefined : { count: tally.count, message: new VigilError('VGL_INVALID_IDS', tally.count, items, tally.first).message };

/** Removes spans with invalid ids from the request; what was removed, if anything. */
export function dropInvalidSpans(request: TraceRequest): Rejection | undefined {
  const tally: Tally = { count: 0, first: '' };
  request.resourceSpans?.forEach((resourceSpans, r) =>
    resourceSpans.scopeSpans?.forEach((scopeSpans, s) => {
      const kept = keepValid(scopeSpans.spans, spanProblem, tally, SPANS_PATH, r, s);
      if (kept !== scopeSpans.spans) scopeSpans.spans = kept;
    }),
  );
  return rejection(tally, 'spans');
}

/** Removes log records with invalid ids from the request; what was removed, if anything. */
export function dropInvalidLogRecords(request: LogsRequest): Rejection | undefined {
  const tally: Tally = { count: 0, first: '' };
  request.resourceLogs?.forEach((resourceLogs, r) =>
    resourceLogs.scopeLogs?.forEach((scopeLogs, s) => {
      const kept = keepValid(scopeLogs.logRecords, logProblem, tally, LOGS_PATH, r, s);
      if (kept !== scopeLogs.logRecords) scopeLogs.logRecords = kept;
    }),
  );
  return rejection(tally, 'log records');
}
