/** The OTLP receivers (HTTP and gRPC, traces and logs) and the OTLP codecs other stages reuse. */
export { otlpHttpPlugin } from './http.js';
export { startGrpcReceiver, type GrpcReceiver, type GrpcReceiverOptions } from './grpc.js';
export type { ReceiverLogger, ReceiverOptions } from './intake.js';
export type { ReceiverLimits } from './body.js';
export { IngestAuth, type TenantKey } from './auth.js';
export { decodeLogsRequest, decodeTraceRequest } from './decode.js';
export { logsRequestFromJson, traceRequestFromJson } from './json.js';
export { encodeLogsRequest, encodeTraceRequest } from './encode.js';
