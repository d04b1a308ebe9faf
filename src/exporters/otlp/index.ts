/** The otlp exporter: OTLP/HTTP protobuf (gzip) and OTLP/gRPC to another collector. */
export { otlpFactory } from './factory.js';
export { OtlpSchema, type OtlpConfig } from './config.js';
