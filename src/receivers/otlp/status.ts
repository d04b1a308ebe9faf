import type protobuf from 'protobufjs/light.js';
import { VigilError } from '../../errors.js';
import { encodeMessage, TYPES } from '../../otlp/index.js';

/** How a request's payload is encoded; the response uses the same (OTLP/HTTP Response). */
export type Encoding = 'protobuf' | 'json';

// The gRPC status codes the receivers answer with (google.rpc.Code).
const GRPC_CODE = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

/**
 * The gRPC code of an error, from its HTTP status. OTLP/gRPC Failures: bad data is
 * INVALID_ARGUMENT; an oversize message is RESOURCE_EXHAUSTED, as gRPC servers answer it (OTLP/gRPC
 * Request); a full gateway is RESOURCE_EXHAUSTED too, which clients retry only because the status
 * carries RetryInfo; anything else retryable is UNAVAILABLE (OTLP/gRPC Throttling).
 */
export function grpcCode(error: VigilError): number {
  switch (error.status) {
    case 400:
    case 415:
      return GRPC_CODE.INVALID_ARGUMENT;
    case 413:
    case 429:
      return GRPC_CODE.RESOURCE_EXHAUSTED;
    case 405:
      return GRPC_CODE.UNIMPLEMENTED;
    case 401:
      return GRPC_CODE.UNAUTHENTICATED;
    default:
      return error.retryable ? GRPC_CODE.UNAVAILABLE : GRPC_CODE.INTERNAL;
  }
}

/** Any thrown value as a coded error; one without a code is a fault of ours, not retryable. */
export function asVigilError(err: unknown): VigilError {
  return err instanceof VigilError ? err : new VigilError('VGL_INTERNAL', 'unexpected failure; see the gateway log');
}

interface Detail {
  readonly type: protobuf.Type;
  readonly fields: Record<string, unknown>;
  readonly json: Record<string, unknown>;
}

// Status.details: RetryInfo tells a client when to come back (OTLP/gRPC Throttling), BadRequest
// describes bad data (OTLP/HTTP Bad Data).
function detailsOf(error: VigilError, retryAfterSeconds: number): Detail[] {
  if (error.retryable) {
    return [{ type: TYPES.retryInfo, fields: { retryDelay: { seconds: retryAfterSeconds } }, json: { retryDelay: `${retryAfterSeconds}s` } }];
  }
  if (error.status === 400) {
    const fields = { fieldViolations: [{ description: error.message }] };
    return [{ type: TYPES.badRequest, fields, json: fields }];
  }
  return [];
}

const typeUrl = (type: protobuf.Type): string => `type.googleapis.com/${type.fullName.slice(1)}`;

/** The error as a serialized google.rpc.Status: an HTTP error body, or gRPC's grpc-status-details-bin. */
export function encodeStatus(error: VigilError, retryAfterSeconds: number): Buffer {
  const details = detailsOf(error, retryAfterSeconds).map((d) => ({ typeUrl: typeUrl(d.type), value: d.type.encode(d.fields).finish() }));
  return encodeMessage(TYPES.status, { code: grpcCode(error), message: error.message, details });
}

/** JSON as bytes: a Buffer body keeps the Content-Type exactly as set (no charset parameter added). */
export const jsonBytes = (value: object): Buffer => Buffer.from(JSON.stringify(value));

/** The google.rpc.Status body of an HTTP error response, in the request's encoding (OTLP/HTTP Failures). */
export function statusBody(error: VigilError, encoding: Encoding, retryAfterSeconds: number): Buffer {
  if (encoding === 'protobuf') return encodeStatus(error, retryAfterSeconds);
  const details = detailsOf(error, retryAfterSeconds).map((d) => ({ '@type': typeUrl(d.type), ...d.json }));
  return jsonBytes({ code: grpcCode(error), message: error.message, details });
}
