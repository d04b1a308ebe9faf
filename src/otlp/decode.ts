import protobuf from 'protobufjs/light.js';
import { VigilError } from '../errors.js';
import type { LogsRequest, TraceRequest } from '../event/index.js';
import { TYPES } from './proto-schema.js';
import { checkWire, wireTable } from './wire-check.js';

const TRACE_WIRE = wireTable(TYPES.traceRequest);
const LOGS_WIRE = wireTable(TYPES.logsRequest);

// protobufjs decodes straight into the shape the event model reads (no toObject): Long int64s,
// Buffer ids, enums as numbers, unset AnyValue members null (see proto-schema.ts).
function decode(type: protobuf.Type, table: ReturnType<typeof wireTable>, bytes: Buffer): unknown {
  try {
    checkWire(bytes, table);
    return type.decode(bytes);
  } catch (err) {
    throw new VigilError('VGL_BAD_PROTOBUF', type.name, (err as Error).message);
  }
}

/** An ExportTraceServiceRequest from protobuf bytes; throws VGL_BAD_PROTOBUF when malformed. */
export function decodeTraceRequest(bytes: Buffer): TraceRequest {
  return decode(TYPES.traceRequest, TRACE_WIRE, bytes) as TraceRequest;
}

/** An ExportLogsServiceRequest from protobuf bytes; throws VGL_BAD_PROTOBUF when malformed. */
export function decodeLogsRequest(bytes: Buffer): LogsRequest {
  return decode(TYPES.logsRequest, LOGS_WIRE, bytes) as LogsRequest;
}
