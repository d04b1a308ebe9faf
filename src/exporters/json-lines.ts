import type { LogsRequest, TraceRequest } from '../event/index.js';
import { logsRequestToJson, traceRequestToJson } from '../otlp/index.js';
import type { TelemetryBatch } from './component.js';

/** A batch as one OTLP/JSON line (the Collector file exporter's format): every original field plus the vigil.* attributes. */
export function jsonLine(batch: TelemetryBatch): string {
  const request = batch.request();
  return (batch.signal === 'traces' ? traceRequestToJson(request as TraceRequest) : logsRequestToJson(request as LogsRequest)) + '\n';
}
