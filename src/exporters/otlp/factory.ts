import type { Destination, DestinationFactory, TelemetryBatch } from '../component.js';
import { parseDuration } from '../../config/index.js';
import { OtlpSchema, type OtlpConfig } from './config.js';
import { OtlpGrpcSender } from './grpc-sender.js';
import { OtlpHttpSender } from './http-sender.js';

/** `otlp`: forwards the annotated OTLP as it was received (no re-encoding) to another collector. */
export const otlpFactory: DestinationFactory<OtlpConfig, TelemetryBatch, unknown> = {
  type: 'otlp',
  schema: OtlpSchema,
  create(_name, config, context): Destination<TelemetryBatch, unknown> {
    const timeoutMs = parseDuration(config.timeout) ?? 10_000;
    return config.protocol === 'grpc' ? new OtlpGrpcSender(config, timeoutMs, context.resolvePath) : new OtlpHttpSender(config, timeoutMs, context.resolvePath);
  },
};
