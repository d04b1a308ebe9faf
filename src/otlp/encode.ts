import type { LogsRequest, TraceRequest } from '../event/index.js';
import { encodeMessage, TYPES } from './proto-schema.js';

// protobufjs writes int64 given as Long, number or decimal string, and ids as any Uint8Array, so
// requests decoded from either encoding re-serialize as they are.

/** An ExportTraceServiceRequest as protobuf bytes. */
export function encodeTraceRequest(request: TraceRequest): Buffer {
  return encodeMessage(TYPES.traceRequest, request);
}

/** An ExportLogsServiceRequest as protobuf bytes. */
export function encodeLogsRequest(request: LogsRequest): Buffer {
  return encodeMessage(TYPES.logsRequest, request);
}
