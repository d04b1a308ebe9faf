import type { LogsRequest, TraceRequest } from '../event/index.js';
import { TYPES } from './proto-schema.js';

// OTLP/JSON (OTLP/HTTP, "JSON Protobuf Encoding"): the proto3 JSON mapping (lowerCamelCase keys,
// int64 as decimal strings, bytes as base64, enums as integers), except that trace and span ids
// are hex. protobufjs' toObject does the mapping; only the ids are rewritten.
const HEX_IDS: ReadonlySet<string> = new Set(['traceId', 'spanId', 'parentSpanId']);
const OPTIONS = { longs: String, enums: Number, bytes: String } as const;

function hexIds(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) hexIds(item);
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const [key, inner] of Object.entries(object)) {
      if (HEX_IDS.has(key) && typeof inner === 'string') object[key] = Buffer.from(inner, 'base64').toString('hex');
      else hexIds(inner);
    }
  }
  return value;
}

/** An ExportTraceServiceRequest as OTLP/JSON text (one line). */
export function traceRequestToJson(request: TraceRequest): string {
  return JSON.stringify(hexIds(TYPES.traceRequest.toObject(TYPES.traceRequest.fromObject(request), OPTIONS)));
}

/** An ExportLogsServiceRequest as OTLP/JSON text (one line). */
export function logsRequestToJson(request: LogsRequest): string {
  return JSON.stringify(hexIds(TYPES.logsRequest.toObject(TYPES.logsRequest.fromObject(request), OPTIONS)));
}
