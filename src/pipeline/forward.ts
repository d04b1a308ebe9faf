import type { VigilConfig } from '../config/index.js';
import type { TelemetrySignal } from '../exporters/index.js';
import type { LogsRequest, TraceRequest } from '../event/index.js';
import { appendAttributes, encodeLogsRequest, encodeTraceRequest } from '../otlp/index.js';
import type { Consumer, SignalBatch, Transport } from './consumer.js';
import type { ExporterGraph } from './exporter-graph.js';
import { filterRequest, type PipelineFilter } from './filter.js';

const RECEIVER_OF: Readonly<Record<Transport, string | undefined>> = { 'http/protobuf': 'otlp', 'http/json': 'otlp', grpc: 'otlp', replay: undefined };

/**
 * The last stage: each annotated batch goes to its signal's pipeline (when the pipeline lists the
 * receiver it came from), through the pipeline's filter, and is offered, encoded once, to every
 * exporter of that pipeline. It resolves only when every exporter has queued it, so the agent's
 * 200 means "durably queued"; the first refusal rejects (503 + Retry-After at the receiver).
 */
export class ForwardStage implements Consumer {
  private readonly pipelines: ReadonlyMap<string, { receivers: readonly string[]; filter: PipelineFilter; signal: TelemetrySignal }>;

  constructor(config: VigilConfig, private readonly graph: ExporterGraph) {
    const { traces, logs } = config.pipelines;
    this.pipelines = new Map([
      ['span', { ...traces, signal: 'traces' as const }],
      ['log', { ...logs, signal: 'logs' as const }],
    ]);
  }

  async consume(batch: SignalBatch): Promise<void> {
    const pipeline = this.pipelines.get(batch.signal);
    const receiver = RECEIVER_OF[batch.transport];
    if (!pipeline || receiver === undefined || !pipeline.receivers.includes(receiver)) return;
    const helpers = this.graph.helpers(pipeline.signal);
    if (helpers.length === 0) return;
    const kept = filterRequest(batch.request, batch.events, pipeline.filter);
    if (!kept) return;
    const payload = spliced(pipeline.signal, batch, kept.request) ?? encode(pipeline.signal, kept.request);
    const results = await Promise.allSettled(helpers.map((helper) => helper.offer(payload, kept.items)));
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
  }
}

const encode = (signal: TelemetrySignal, request: TraceRequest | LogsRequest): Buffer =>
  signal === 'traces' ? encodeTraceRequest(request as TraceRequest) : encodeLogsRequest(request as LogsRequest);

/**
 * The received bytes with the annotations spliced in, when that is all that changed: the whole
 * request is forwarded (no filter dropped anything), it came as protobuf, and annotation only
 * appended. Undefined otherwise, and the request is encoded instead.
 */
function spliced(signal: TelemetrySignal, batch: SignalBatch, forwarded: TraceRequest | LogsRequest): Buffer | undefined {
  const { protobuf, appendedFrom, events } = batch;
  if (protobuf === undefined || appendedFrom === undefined || forwarded !== batch.request) return undefined;
  try {
    return appendAttributes(signal, protobuf, events.map((event, i) => ((event.span ?? event.log)?.attributes ?? []).slice(appendedFrom[i])));
  } catch {
    return undefined; // items and events did not pair up: encoding the decoded request is always right
  }
}
