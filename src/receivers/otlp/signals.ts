import { eventsFromLogs, eventsFromTraces, type AgentEvent, type LogsRequest, type Signal, type TraceRequest } from '../../event/index.js';
import { decodeLogsRequest, decodeTraceRequest, logsRequestFromJson, TYPES, traceRequestFromJson } from '../../otlp/index.js';
import type { ResponseShape } from './response.js';
import { dropInvalidLogRecords, dropInvalidSpans, type Rejection } from './validate.js';

/** What differs between traces and logs, so one path through the receivers serves both. */
export interface SignalSpec<R extends TraceRequest | LogsRequest> extends ResponseShape {
  readonly signal: Signal;
  /** The OTLP/HTTP default URL path (OTLP/HTTP Request). */
  readonly httpPath: string;
  /** The gRPC method of the collector service (OTLP/gRPC Service and Protobuf Definitions). */
  readonly grpcPath: string;
  readonly fromProtobuf: (bytes: Buffer) => R;
  readonly fromJson: (text: string) => R;
  readonly dropInvalid: (request: R) => Rejection | undefined;
  readonly events: (request: R) => AgentEvent[];
}

/** Traces: ExportTraceServiceRequest on /v1/traces and TraceService/Export. */
export const TRACES: SignalSpec<TraceRequest> = {
  signal: 'span',
  httpPath: '/v1/traces',
  grpcPath: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  fromProtobuf: decodeTraceRequest,
  fromJson: traceRequestFromJson,
  dropInvalid: dropInvalidSpans,
  events: eventsFromTraces,
  responseType: TYPES.traceResponse,
  rejectedField: 'rejectedSpans',
};

/** Logs: ExportLogsServiceRequest on /v1/logs and LogsService/Export. */
export const LOGS: SignalSpec<LogsRequest> = {
  signal: 'log',
  httpPath: '/v1/logs',
  grpcPath: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  fromProtobuf: decodeLogsRequest,
  fromJson: logsRequestFromJson,
  dropInvalid: dropInvalidLogRecords,
  events: eventsFromLogs,
  responseType: TYPES.logsResponse,
  rejectedField: 'rejectedLogRecords',
};
