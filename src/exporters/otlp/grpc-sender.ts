import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { TYPES } from '../../otlp/index.js';
import type { Destination, SendResult, TelemetryBatch } from '../component.js';
import type { OtlpConfig } from './config.js';
import { partialSuccess } from './partial-success.js';

const METHODS = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
} as const;

// OTLP/gRPC "Failures": these codes are retryable; RESOURCE_EXHAUSTED only when the server sent RetryInfo.
const RETRYABLE = new Set([grpc.status.CANCELLED, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED, grpc.status.OUT_OF_RANGE, grpc.status.UNAVAILABLE, grpc.status.DATA_LOSS]);
const raw = (bytes: Buffer): Buffer => bytes;

/** The RetryInfo delay of a status, in ms, from grpc-status-details-bin. */
function retryInfoMs(error: grpc.ServiceError): number | undefined {
  const [details] = error.metadata?.get('grpc-status-details-bin') ?? [];
  if (!Buffer.isBuffer(details)) return undefined;
  try {
    const status = TYPES.status.decode(details) as unknown as { details?: { typeUrl: string; value: Uint8Array }[] };
    const info = status.details?.find((d) => d.typeUrl.endsWith('google.rpc.RetryInfo'));
    if (!info) return undefined;
    const delay = (TYPES.retryInfo.decode(info.value) as unknown as { retryDelay?: { seconds?: unknown; nanos?: number } }).retryDelay;
    return Number(delay?.seconds ?? 0) * 1000 + Math.round((delay?.nanos ?? 0) / 1e6);
  } catch {
    return undefined;
  }
}

function credentialsOf(config: OtlpConfig, resolvePath: (path: string) => string): { target: string; credentials: grpc.ChannelCredentials } {
  const match = /^(https?):\/\/([^/]+)\/?$/.exec(config.endpoint);
  const target = match ? match[2] : config.endpoint;
  if (match?.[1] === 'http') return { target, credentials: grpc.credentials.createInsecure() };
  const read = (path: string): Buffer | null => (path === '' ? null : readFileSync(resolvePath(path)));
  // grpc-js always verifies the chain; insecure_skip_verify can only waive the name check here.
  const verify = config.tls.insecure_skip_verify ? { checkServerIdentity: () => undefined } : {};
  return { target, credentials: grpc.credentials.createSsl(read(config.tls.ca_file), read(config.tls.key_file), read(config.tls.cert_file), verify) };
}

/** OTLP/gRPC: unary Export calls with the queued protobuf as the message, metadata from `headers`. */
export class OtlpGrpcSender implements Destination<TelemetryBatch, TelemetryBatch> {
  private readonly client: grpc.Client;
  private readonly metadata = new grpc.Metadata();

  constructor(config: OtlpConfig, private readonly timeoutMs: number, resolvePath: (path: string) => string) {
    const { target, credentials } = credentialsOf(config, resolvePath);
    const options: grpc.ChannelOptions = config.compression === 'gzip' ? { 'grpc.default_compression_algorithm': 2 } : {};
    if (config.tls.server_name !== '') options['grpc.ssl_target_name_override'] = config.tls.server_name;
    this.client = new grpc.Client(target, credentials, options);
    for (const [key, value] of Object.entries(config.headers)) this.metadata.set(key.toLowerCase(), value);
  }

  encode(batch: TelemetryBatch): TelemetryBatch {
    return batch;
  }

  send(batch: TelemetryBatch, signal: AbortSignal): Promise<SendResult<TelemetryBatch>> {
    return new Promise((resolve) => {
      const payload = Buffer.from(batch.protobuf.buffer, batch.protobuf.byteOffset, batch.protobuf.byteLength);
      const call = this.client.makeUnaryRequest(METHODS[batch.signal], raw, raw, payload, this.metadata, { deadline: Date.now() + this.timeoutMs }, (error, response) => {
        signal.removeEventListener('abort', cancel);
        if (!error) return resolve(partialSuccess(batch.signal, response ?? Buffer.alloc(0)));
        const retryAfterMs = retryInfoMs(error);
        const reason = `grpc_${grpc.status[error.code]?.toLowerCase() ?? error.code}`;
        if (RETRYABLE.has(error.code) || (error.code === grpc.status.RESOURCE_EXHAUSTED && retryAfterMs !== undefined)) resolve({ outcome: 'retry', reason, retryAfterMs });
        else resolve({ outcome: 'drop', reason, count: batch.items });
      });
      const cancel = (): void => call.cancel();
      signal.addEventListener('abort', cancel, { once: true });
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
