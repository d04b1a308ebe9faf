/** The OTLP receivers (HTTP and gRPC, traces and logs); the codec lives in src/otlp. */
export { otlpHttpPlugin } from './http.js';
export { startGrpcReceiver, type GrpcReceiver, type GrpcReceiverOptions } from './grpc.js';
export type { ReceiverLogger, ReceiverOptions } from './intake.js';
export type { ReceiverLimits } from './body.js';
export { IngestAuth, type TenantKey } from './auth.js';
