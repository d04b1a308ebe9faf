import type { AgentEvent, LogsRequest, Signal, TraceRequest } from '../event/index.js';

/** How a batch reached Vigil. */
export type Transport = 'http/protobuf' | 'http/json' | 'grpc' | 'replay';

/** One decoded export request and its events, as every receiver hands it on. */
export interface SignalBatch {
  readonly signal: Signal;
  readonly transport: Transport;
  /** The decoded request (spans or logs); later stages annotate it in place and re-export it. */
  readonly request: TraceRequest | LogsRequest;
  /** One event per accepted span or log record, in request order. */
  readonly events: AgentEvent[];
  /** The request's protobuf as received (inflated), when it came as protobuf and validation removed nothing. */
  readonly protobuf?: Buffer;
  /** Per event, where the attributes the detection stage appended begin; absent when it changed more than that (redaction). */
  readonly appendedFrom?: readonly number[];
}

/**
 * The narrow interface between stages: a consumer takes a batch. It resolves once the batch is
 * accepted (rules run, annotations made, exporters queued) and rejects with a VigilError when it
 * cannot accept it; the receiver turns that into the OTLP status.
 */
export interface Consumer {
  consume(batch: SignalBatch): Promise<void>;
}
