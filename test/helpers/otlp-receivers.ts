import * as grpc from '@grpc/grpc-js';
import Fastify from 'fastify';
import { Admission } from '../../src/pipeline/admission.js';
import type { Consumer, SignalBatch } from '../../src/pipeline/consumer.js';
import { otlpHttpPlugin, startGrpcReceiver, type ReceiverLimits } from '../../src/receivers/otlp/index.js';
import { TYPES } from '../../src/otlp/index.js';
import { Metrics } from '../../src/telemetry/metrics.js';

/** Small limits so the size tests stay small: 256 KiB as sent, 1 MiB inflated. */
export const TEST_LIMITS: ReceiverLimits = { maxBodyBytes: 256 * 1024, maxDecompressedBytes: 1024 * 1024 };

/** A consumer that keeps every batch; `behaviour` (when set) runs first and may throw or wait. */
export class RecordingConsumer implements Consumer {
  readonly batches: SignalBatch[] = [];
  behaviour: (() => Promise<void>) | undefined;

  async consume(batch: SignalBatch): Promise<void> {
    if (this.behaviour) await this.behaviour();
    this.batches.push(batch);
  }

  /** Every event of every batch, in arrival order. */
  get events(): SignalBatch['events'] {
    return this.batches.flatMap((b) => b.events);
  }
}

/** Both receivers on loopback ephemeral ports, sharing one consumer, admission and metrics. */
export interface TestReceivers {
  readonly httpUrl: string;
  readonly grpcTarget: string;
  readonly consumer: RecordingConsumer;
  readonly admission: Admission;
  readonly metrics: Metrics;
  /** Content-Encoding of every HTTP request, in arrival order ('' when absent). */
  readonly contentEncodings: string[];
  close(): Promise<void>;
}

/** Starts both receivers; pass an Admission to test overload. */
export async function startReceivers(options: { admission?: Admission; limits?: ReceiverLimits } = {}): Promise<TestReceivers> {
  const consumer = new RecordingConsumer();
  const admission = options.admission ?? new Admission(16, 3);
  const metrics = new Metrics({ processMetrics: false });
  const limits = options.limits ?? TEST_LIMITS;
  const app = Fastify({ logger: false });
  const contentEncodings: string[] = [];
  app.addHook('onRequest', async (request) => {
    contentEncodings.push(request.headers['content-encoding'] ?? '');
  });
  await app.register(otlpHttpPlugin, { consumer, admission, metrics, limits });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const grpcReceiver = await startGrpcReceiver({ host: '127.0.0.1', port: 0, consumer, admission, metrics, limits });
  return {
    httpUrl: address,
    grpcTarget: `127.0.0.1:${grpcReceiver.port}`,
    consumer,
    admission,
    metrics,
    contentEncodings,
    close: async () => {
      await grpcReceiver.close();
      await app.close();
    },
  };
}

/** The value of one sample of a metric, 0 when absent. */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const sample = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return sample?.value ?? 0;
}

/** Plain object of a decoded google.rpc.Status (details' type URLs and decoded values). */
export function decodeRpcStatus(bytes: Uint8Array): { code: number; message: string; details: { typeUrl: string; value: Record<string, unknown> }[] } {
  const status = TYPES.status.toObject(TYPES.status.decode(bytes), { longs: Number, defaults: true }) as { code: number; message: string; details: { typeUrl: string; value: Uint8Array }[] };
  return {
    code: status.code,
    message: status.message,
    details: status.details.map((d) => {
      const type = d.typeUrl.endsWith('RetryInfo') ? TYPES.retryInfo : TYPES.badRequest;
      return { typeUrl: d.typeUrl, value: type.toObject(type.decode(d.value), { longs: Number }) };
    }),
  };
}

/** One raw unary gRPC call; resolves with the response bytes or the status error. */
export function grpcCall(target: string, path: string, payload: Buffer, channelOptions: grpc.ChannelOptions = {}): Promise<{ response?: Buffer; error?: grpc.ServiceError }> {
  const client = new grpc.Client(target, grpc.credentials.createInsecure(), channelOptions);
  const raw = (b: Buffer): Buffer => b;
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, raw, raw, payload, { deadline: Date.now() + 10_000 }, (error, response) => {
      client.close();
      resolve(error ? { error } : { response: response ?? Buffer.alloc(0) });
    });
  });
}
