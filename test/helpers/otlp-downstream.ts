import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { decodeLogsRequest, decodeTraceRequest, encodeMessage, TYPES } from '../../src/otlp/index.js';
import type { KeyValue, LogsRequest, TraceRequest } from '../../src/event/index.js';

/** What the downstream does with the next request. */
export type Behaviour =
  | { readonly kind: 'ok' }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'slow'; readonly ms: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'partial'; readonly rejected: number };

/** One span or log record as it arrived, decoded from the real wire format. */
export interface Arrived {
  readonly signal: 'traces' | 'logs';
  readonly id: string;
  readonly attributes: Record<string, unknown>;
}

function plain(value: KeyValue['value']): unknown {
  if (value == null) return null;
  if (value.stringValue != null) return value.stringValue;
  if (value.intValue != null) return Number(value.intValue);
  if (value.boolValue != null) return value.boolValue;
  if (value.doubleValue != null) return value.doubleValue;
  if (value.arrayValue != null) return (value.arrayValue.values ?? []).map(plain);
  return null;
}

const attributesOf = (list: KeyValue[] | undefined): Record<string, unknown> => Object.fromEntries((list ?? []).map((kv) => [kv.key, plain(kv.value)]));

/** Every item of a request: spans by span id, log records by their `test.id` attribute (or body). */
export function itemsOf(signal: 'traces' | 'logs', request: TraceRequest | LogsRequest): Arrived[] {
  if (signal === 'traces') {
    return ((request as TraceRequest).resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((s) => ({ signal, id: Buffer.from(s.spanId ?? []).toString('hex'), attributes: attributesOf(s.attributes) }))));
  }
  return ((request as LogsRequest).resourceLogs ?? []).flatMap((rl) => (rl.scopeLogs ?? []).flatMap((sl) => (sl.logRecords ?? []).map((l) => {
    const attributes = attributesOf(l.attributes);
    return { signal, id: String(attributes['test.id'] ?? plain(l.body)), attributes };
  })));
}

/**
 * A local OTLP collector for the exporter tests: OTLP/HTTP (protobuf, gzip) and OTLP/gRPC on
 * loopback, decoding what arrives and failing on demand, one scripted behaviour per request.
 */
export class OtlpDownstream {
  readonly arrived: Arrived[] = [];
  readonly headers: Record<string, string | string[] | undefined>[] = [];
  /** Every HTTP request body, inflated, as it arrived. */
  readonly bodies: Buffer[] = [];
  requests = 0;
  private script: Behaviour[] = [];
  private fallback: Behaviour = { kind: 'ok' };
  private http?: Server;
  private grpcServer?: grpc.Server;
  httpUrl = '';
  grpcTarget = '';

  /** Queues behaviours for the next requests; after them `then` applies (ok by default). */
  next(behaviours: Behaviour[], then: Behaviour = { kind: 'ok' }): void {
    this.script = [...behaviours];
    this.fallback = then;
  }

  /** Arrived ids of a signal, in arrival order. */
  ids(signal: 'traces' | 'logs'): string[] {
    return this.arrived.filter((a) => a.signal === signal).map((a) => a.id);
  }

  private take(): Behaviour {
    this.requests++;
    return this.script.shift() ?? this.fallback;
  }

  private accept(signal: 'traces' | 'logs', bytes: Buffer, rejected: number): void {
    const items = itemsOf(signal, signal === 'traces' ? decodeTraceRequest(bytes) : decodeLogsRequest(bytes));
    this.arrived.push(...items.slice(rejected));
  }

  private response(signal: 'traces' | 'logs', rejected: number): Buffer {
    const type = signal === 'traces' ? TYPES.traceResponse : TYPES.logsResponse;
    const field = signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords';
    return encodeMessage(type, rejected > 0 ? { partialSuccess: { [field]: rejected, errorMessage: 'rejected by the test' } } : {});
  }

  /** Starts the HTTP listener (port 0: ephemeral; pass a port to come back on the same one). */
  async startHttp(port = 0): Promise<string> {
    this.http = createServer((req, res) => this.onHttp(req, res));
    await new Promise<void>((resolve) => this.http?.listen(port, '127.0.0.1', resolve));
    this.httpUrl = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this.httpUrl;
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const behaviour = this.take();
      this.headers.push(req.headers);
      const signal = req.url?.endsWith('/v1/logs') ? 'logs' : 'traces';
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      this.bodies.push(body);
      switch (behaviour.kind) {
        case 'reset':
          return req.socket.destroy();
        case 'status':
          return res.writeHead(behaviour.status, behaviour.retryAfterSeconds === undefined ? {} : { 'retry-after': String(behaviour.retryAfterSeconds) }).end();
        case 'slow':
          setTimeout(() => {
            this.accept(signal, body, 0);
            if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(this.response(signal, 0));
          }, behaviour.ms);
          return;
        default: {
          const rejected = behaviour.kind === 'partial' ? behaviour.rejected : 0;
          this.accept(signal, body, rejected);
          res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(this.response(signal, rejected));
        }
      }
    });
  }

  /** Starts the gRPC listener with both Export services. */
  async startGrpc(): Promise<string> {
    const server = new grpc.Server();
    const raw = (b: Buffer): Buffer => b;
    for (const signal of ['traces', 'logs'] as const) {
      const path = signal === 'traces' ? '/opentelemetry.proto.collector.trace.v1.TraceService/Export' : '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
      server.register(path, (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const behaviour = this.take();
        this.headers.push(call.metadata.getMap() as Record<string, string>);
        if (behaviour.kind === 'status') {
          const metadata = new grpc.Metadata();
          if (behaviour.retryAfterSeconds !== undefined) {
            const info = { typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: encodeMessage(TYPES.retryInfo, { retryDelay: { seconds: behaviour.retryAfterSeconds } }) };
            metadata.set('grpc-status-details-bin', encodeMessage(TYPES.status, { code: behaviour.status, message: 'scripted', details: [info] }));
          }
          return callback({ code: behaviour.status, details: 'scripted', metadata });
        }
        const rejected = behaviour.kind === 'partial' ? behaviour.rejected : 0;
        this.accept(signal, call.request, rejected);
        callback(null, this.response(signal, rejected));
      }, raw, raw, 'unary');
    }
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    this.grpcServer = server;
    this.grpcTarget = `127.0.0.1:${port}`;
    return this.grpcTarget;
  }

  /** Stops both listeners (dropping open connections). */
  async close(): Promise<void> {
    if (this.http) {
      this.http.closeAllConnections();
      await new Promise((resolve) => this.http?.close(resolve));
    }
    this.grpcServer?.forceShutdown();
  }
}
