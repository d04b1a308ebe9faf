import type { EventRecord } from '../records/index.js';
import type { LabelSource } from './config.js';

/** One entry of a stream: the line, its time and its structured metadata. */
export interface LokiEntry {
  readonly timeUnixNano: string;
  readonly line: string;
  readonly metadata: readonly (readonly [string, string])[];
}

/** One stream: a label set and its entries, oldest first. */
export interface LokiStream {
  readonly labels: Readonly<Record<string, string>>;
  readonly entries: LokiEntry[];
}

// Loki refuses label values above its limit (2048 by default); shorter keeps streams readable.
const MAX_LABEL_VALUE = 1024;

const LABEL_NAMES: Readonly<Record<LabelSource, string>> = {
  service: 'service_name',
  agent: 'agent',
  severity: 'severity',
  rule: 'rule',
  signal: 'signal',
};

function labelValue(record: EventRecord, source: LabelSource): string {
  switch (source) {
    case 'service': return record.service;
    case 'agent': return record.agent;
    case 'severity': return record.risk.level;
    // The set of matched rules, in one order, so the same combination is the same stream.
    case 'rule': return [...record.risk.rules].sort().join(',');
    case 'signal': return record.signal;
  }
}

/** What the streams are built from. */
export interface StreamOptions {
  readonly labels: readonly LabelSource[];
  readonly staticLabels: Readonly<Record<string, string>>;
  readonly structuredMetadata: boolean;
}

/**
 * Groups records into streams by their label set. Labels come only from low-cardinality facts;
 * the ids (trace, span, session, event) go in structured metadata, and the whole record is the
 * line (JSON), so nothing is lost whichever labels are chosen. Empty label values are left out
 * (Loki treats an empty label as absent).
 */
export function toStreams(records: readonly EventRecord[], options: StreamOptions): LokiStream[] {
  const streams = new Map<string, LokiStream>();
  for (const record of records) {
    const labels: Record<string, string> = { ...options.staticLabels };
    for (const source of options.labels) {
      const value = labelValue(record, source).slice(0, MAX_LABEL_VALUE);
      if (value !== '') labels[LABEL_NAMES[source]] = value;
    }
    const key = JSON.stringify(Object.entries(labels).sort());
    let stream = streams.get(key);
    if (stream === undefined) streams.set(key, (stream = { labels, entries: [] }));
    stream.entries.push({ timeUnixNano: record.timeUnixNano, line: JSON.stringify(record.fields), metadata: options.structuredMetadata ? metadataOf(record) : [] });
  }
  // Loki takes a stream's entries in time order most cheaply (and older Lokis only so).
  for (const stream of streams.values()) stream.entries.sort((a, b) => compareNanos(a.timeUnixNano, b.timeUnixNano));
  return [...streams.values()];
}

function metadataOf(record: EventRecord): (readonly [string, string])[] {
  const pairs: [string, string][] = [['event_id', record.id]];
  if (record.traceId !== '') pairs.push(['trace_id', record.traceId]);
  if (record.spanId !== '') pairs.push(['span_id', record.spanId]);
  if (record.session !== '') pairs.push(['session_id', record.session]);
  return pairs;
}

function compareNanos(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** A label set in Prometheus text form (`{a="b", c="d"}`), as the push API's protobuf carries it. */
export function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `{${pairs.join(', ')}}`;
}
