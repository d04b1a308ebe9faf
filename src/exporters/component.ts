import type { TObject } from '@sinclair/typebox';
import type { LogsRequest, TraceRequest } from '../event/index.js';

/** The telemetry signals a pipeline forwards. */
export type TelemetrySignal = 'traces' | 'logs';

/**
 * One batch of annotated telemetry taken off an exporter's queue. The protobuf bytes are the
 * queued form (several queued requests concatenated are one valid request: repeated fields
 * append); the decoded request is built only when an exporter asks for it.
 */
export interface TelemetryBatch {
  readonly signal: TelemetrySignal;
  /** OTLP protobuf of one `Export{Trace,Logs}ServiceRequest`, annotated. */
  readonly protobuf: Uint8Array;
  /** Spans or log records in the batch. */
  readonly items: number;
  /** The decoded request (decoded once, on first call). */
  request(): TraceRequest | LogsRequest;
}

/** What a send did, so the delivery helper knows whether to retry, drop or move on. */
export type SendResult<Request> =
  /** Delivered; `rejected` items were refused by the downstream for good (counted, not retried). */
  | { readonly outcome: 'sent'; readonly rejected?: number; readonly reason?: string }
  /**
   * Not delivered, try again later; `remaining` is what still has to go (all of it when absent).
   * A partial answer may also have refused some items for good: `rejected` under `rejectedReason`.
   */
  | {
      readonly outcome: 'retry';
      readonly reason: string;
      readonly retryAfterMs?: number;
      readonly remaining?: Request;
      readonly sent?: number;
      readonly rejected?: number;
      readonly rejectedReason?: string;
    }
  /** Refused for good (a 400, a mapping error): dropped and counted under `reason`. */
  | { readonly outcome: 'drop'; readonly reason: string; readonly count: number };

/**
 * A destination: turns queued input into its downstream's request once (retries reuse it) and
 * sends it. Exporters (telemetry) and alert sinks (detections) both have this shape; the shared
 * delivery helper adds batching, the queue, retries, timeouts and metrics around it.
 */
export interface Destination<Input, Request> {
  /** Builds the downstream request for a batch of input. Pure; may throw only on a bug. */
  encode(input: Input): Request;
  /** Sends one request. Never throws: every failure is a SendResult. Honors the abort signal (timeout, shutdown). */
  send(request: Request, signal: AbortSignal): Promise<SendResult<Request>>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** How a component of one type is configured and built: the Collector's factory. */
export interface DestinationFactory<Config, Input, Request> {
  /** The `type` half of `type/name`. */
  readonly type: string;
  /** Every option with its default; unknown keys are refused with their path. */
  readonly schema: TObject;
  create(name: string, config: Config, context: DestinationContext): Destination<Input, Request>;
}

/** What a component may use from the gateway. */
export interface DestinationContext {
  /** Resolves a relative path of the configuration (files, certificates). */
  readonly resolvePath: (path: string) => string;
  readonly logger: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}
