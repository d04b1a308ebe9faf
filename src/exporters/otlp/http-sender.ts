import { gzipSync } from 'node:zlib';
import type { Destination, SendResult, TelemetryBatch } from '../component.js';
import { HttpClient, OTLP_RETRYABLE, resultFromError, resultFromResponse, tlsConnectOptions } from '../http/index.js';
import type { OtlpConfig } from './config.js';
import { partialSuccess } from './partial-success.js';

/** One OTLP/HTTP request, built once per batch and reused by every retry. */
export interface OtlpHttpRequest {
  readonly batch: TelemetryBatch;
  readonly body: Uint8Array;
}

const PATHS = { traces: '/v1/traces', logs: '/v1/logs' } as const;

/** OTLP/HTTP protobuf (OTLP spec, "OTLP/HTTP"): POST to <endpoint>/v1/{traces,logs}, gzip by default. */
export class OtlpHttpSender implements Destination<TelemetryBatch, OtlpHttpRequest> {
  private readonly client: HttpClient;
  private readonly headers: Record<string, string>;

  constructor(private readonly config: OtlpConfig, timeoutMs: number, resolvePath: (path: string) => string) {
    this.client = new HttpClient({ endpoint: config.endpoint, headers: config.headers, timeoutMs, tls: tlsConnectOptions(config.tls, resolvePath) });
    this.headers = { 'content-type': 'application/x-protobuf', ...(config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}) };
  }

  /** The request body: the queued protobuf itself, gzipped when asked. */
  encode(batch: TelemetryBatch): OtlpHttpRequest {
    return { batch, body: this.config.compression === 'gzip' ? gzipSync(batch.protobuf, { level: 1 }) : batch.protobuf };
  }

  async send(request: OtlpHttpRequest, signal: AbortSignal): Promise<SendResult<OtlpHttpRequest>> {
    try {
      const response = await this.client.request({ path: PATHS[request.batch.signal], body: request.body, headers: this.headers }, signal);
      const result = resultFromResponse<OtlpHttpRequest>(response, request.batch.items, OTLP_RETRYABLE);
      return result.outcome === 'sent' ? partialSuccess(request.batch.signal, response.body) : result;
    } catch (error) {
      return resultFromError(error);
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
