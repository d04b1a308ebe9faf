import { VigilError } from '../../errors.js';
import type { LogsRequest, Signal, TraceRequest } from '../../event/index.js';
import type { Admission } from '../../pipeline/admission.js';
import type { Consumer, Transport } from '../../pipeline/consumer.js';
import type { Metrics } from '../../telemetry/metrics.js';
import { inflateBody, type ReceiverLimits } from './body.js';
import type { SignalSpec } from './signals.js';
import { asVigilError } from './status.js';
import type { Rejection } from './validate.js';

/** The part of a pino (or Fastify) logger the receivers use. */
export interface ReceiverLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What both receivers are built from. */
export interface ReceiverOptions {
  readonly consumer: Consumer;
  readonly admission: Admission;
  readonly metrics: Metrics;
  readonly limits: ReceiverLimits;
  readonly logger?: ReceiverLogger;
}

/** Metric labels of one request. */
export interface RequestLabels {
  readonly signal: Signal;
  /** A Transport, or 'http' while the payload encoding is not known. */
  readonly transport: Transport | 'http';
}

/** Counts a request refused whole, before its items could be counted. */
export function countRefusedRequest(metrics: Metrics, labels: RequestLabels, error: VigilError): void {
  metrics.requestsRefused.inc({ signal: labels.signal, transport: labels.transport, reason: error.code });
}

/**
 * Takes an in-flight slot before the body is decoded, or throws the refusal: 429-style when full,
 * 503-style when shutting down (OTLP/HTTP Throttling). Returns the release, which also records the
 * request's duration; calling it twice is harmless.
 */
export function admit(options: ReceiverOptions, labels: RequestLabels): () => void {
  const { admission, metrics } = options;
  if (!admission.tryEnter()) {
    const error = admission.isClosed ? new VigilError('VGL_SHUTTING_DOWN') : new VigilError('VGL_OVERLOADED', admission.retryAfterSeconds);
    countRefusedRequest(metrics, labels, error);
    throw error;
  }
  metrics.inFlight.inc();
  const endTimer = metrics.requestDuration.startTimer({ signal: labels.signal, transport: labels.transport });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    admission.leave();
    metrics.inFlight.dec();
    endTimer();
  };
}

function decodeBody<R extends TraceRequest | LogsRequest>(options: ReceiverOptions, spec: SignalSpec<R>, transport: Transport, body: Buffer, contentEncoding: string | undefined): { request: R; payload: Buffer } {
  const payload = inflateBody(body, contentEncoding, options.limits);
  return { request: transport === 'http/json' ? spec.fromJson(payload.toString('utf8')) : spec.fromProtobuf(payload), payload };
}

/**
 * Inflates, decodes and validates one export request and hands its events to the consumer.
 * Resolves with the items that had to be removed (for partial_success); rejects with the
 * VigilError to answer, having counted what it refused.
 */
export async function ingest<R extends TraceRequest | LogsRequest>(
  options: ReceiverOptions,
  spec: SignalSpec<R>,
  transport: Transport,
  body: Buffer,
  contentEncoding?: string,
): Promise<Rejection | undefined> {
  const { metrics, logger } = options;
  const labels = { signal: spec.signal, transport };
  let request: R;
  let payload: Buffer;
  try {
    ({ request, payload } = decodeBody(options, spec, transport, body, contentEncoding));
  } catch (err) {
    const error = asVigilError(err);
    countRefusedRequest(metrics, labels, error);
    logger?.debug({ code: error.code, ...labels }, error.message);
    throw error;
  }
  const rejection = spec.dropInvalid(request);
  if (rejection !== undefined) metrics.itemsRefused.inc({ ...labels, reason: 'VGL_INVALID_IDS' }, rejection.count);
  const events = spec.events(request);
  // An empty request is a success with nothing to consume (OTLP Full Success).
  if (events.length === 0) return rejection;
  try {
    // The bytes as received go along so forwarding can splice annotations in instead of re-encoding.
    const protobuf = transport !== 'http/json' && rejection === undefined ? payload : undefined;
    await options.consumer.consume({ signal: spec.signal, transport, request, events, protobuf });
  } catch (err) {
    const error = asVigilError(err);
    metrics.itemsRefused.inc({ ...labels, reason: error.code }, events.length);
    if (error.code === 'VGL_INTERNAL') logger?.error({ err, ...labels }, 'pipeline failed on an export request');
    else logger?.warn({ code: error.code, items: events.length, ...labels }, error.message);
    throw error;
  }
  metrics.itemsReceived.inc(labels, events.length);
  return rejection;
}
