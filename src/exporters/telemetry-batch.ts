import type { LogsRequest, TraceRequest } from '../event/index.js';
import { decodeLogsRequest, decodeTraceRequest } from '../otlp/index.js';
import type { QueuedRecord } from './helper/index.js';
import type { TelemetryBatch, TelemetrySignal } from './component.js';

/**
 * The queued records of one signal as one TelemetryBatch: their protobuf bytes concatenated (each
 * is an Export*ServiceRequest, and concatenated messages merge by appending repeated fields), the
 * decoded request built only if an exporter asks for it.
 */
export function telemetryBatch(signal: TelemetrySignal, records: readonly QueuedRecord[]): TelemetryBatch {
  const protobuf = records.length === 1 ? records[0].payload : Buffer.concat(records.map((r) => r.payload));
  let decoded: TraceRequest | LogsRequest | undefined;
  let items = 0;
  for (const record of records) items += record.items;
  return {
    signal,
    protobuf,
    items,
    request: () => (decoded ??= signal === 'traces' ? decodeTraceRequest(protobuf) : decodeLogsRequest(protobuf)),
  };
}
