import * as grpc from '@grpc/grpc-js';
import type { VigilError } from '../../errors.js';
import type { LogsRequest, TraceRequest } from '../../event/index.js';
import { admit, authenticate, ingest, type ReceiverOptions } from './intake.js';
import { exportResponse } from './response.js';
import { LOGS, TRACES, type SignalSpec } from './signals.js';
import { asVigilError, encodeStatus, grpcCode } from './status.js';

/** Where the OTLP/gRPC receiver listens, and what it feeds. */
export interface GrpcReceiverOptions extends ReceiverOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** PEM certificate and key, and a client CA for mTLS; absent: plaintext. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer; readonly ca?: Buffer };
}

/** A listening OTLP/gRPC receiver. */
export interface GrpcReceiver {
  /** The port bound (the ephemeral one when 0 was asked for). */
  readonly port: number;
  /** Stops taking calls and waits for those in flight, up to a grace period; idempotent. */
  close(): Promise<void>;
}

// In-flight calls get this long to finish before close() cuts them off.
const SHUTDOWN_GRACE_MS = 10_000;

// Messages stay raw bytes through grpc-js so that decoding, and its errors, are ours.
const raw = (bytes: Buffer): Buffer => bytes;

function serviceOf(path: string): grpc.ServiceDefinition {
  return {
    Export: { path, requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  };
}

// The google.rpc.Status travels in grpc-status-details-bin, with RetryInfo or BadRequest details.
function statusOf(error: VigilError, retryAfterSeconds: number): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', encodeStatus(error, retryAfterSeconds));
  return { code: grpcCode(error), details: error.message, metadata };
}

function exportHandler<R extends TraceRequest | LogsRequest>(options: ReceiverOptions, spec: SignalSpec<R>): grpc.handleUnaryCall<Buffer, Buffer> {
  const labels = { signal: spec.signal, transport: 'grpc' } as const;
  const retryAfter = options.admission.retryAfterSeconds;
  return (call, callback) => {
    let release: () => void;
    let tenant: string | undefined;
    try {
      tenant = authenticate(options, labels, call.metadata.get(options.auth?.header ?? 'authorization').map(String));
      release = admit(options, labels);
    } catch (err) {
      callback(statusOf(asVigilError(err), retryAfter));
      return;
    }
    // grpc-js has already inflated the message (grpc-encoding), so the body goes in as identity.
    ingest(options, spec, 'grpc', call.request, undefined, tenant)
      .then(
        (rejection) => callback(null, exportResponse(spec, 'protobuf', rejection)),
        (err: unknown) => callback(statusOf(asVigilError(err), retryAfter)),
      )
      .finally(release);
  };
}

const credentialsOf = (tls: GrpcReceiverOptions['tls']): grpc.ServerCredentials =>
  tls ? grpc.ServerCredentials.createSsl(tls.ca ?? null, [{ private_key: tls.key, cert_chain: tls.cert }], tls.ca !== undefined) : grpc.ServerCredentials.createInsecure();

const addressOf = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/**
 * Starts the OTLP/gRPC receiver: TraceService/Export and LogsService/Export, identity or gzip.
 * grpc-js applies grpc.max_receive_message_length twice: to the message as framed, before it is
 * buffered, and to the inflated message, stopping its streaming gunzip as soon as the output
 * passes it; either way the call ends RESOURCE_EXHAUSTED (OTLP/gRPC Request). It is one limit, so
 * maxDecompressedBytes caps a compressed message too.
 */
export async function startGrpcReceiver(options: GrpcReceiverOptions): Promise<GrpcReceiver> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': options.limits.maxDecompressedBytes });
  server.addService(serviceOf(TRACES.grpcPath), { Export: exportHandler(options, TRACES) });
  server.addService(serviceOf(LOGS.grpcPath), { Export: exportHandler(options, LOGS) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(addressOf(options.host, options.port), credentialsOf(options.tls), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, SHUTDOWN_GRACE_MS);
      timer.unref();
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  return { port, close: () => (closing ??= close()) };
}
