import { Type, type Static } from '@sinclair/typebox';
import { Duration, parseDuration } from '../../config/index.js';

const Block = <T extends Parameters<typeof Type.Object>[0]>(properties: T, description: string) =>
  Type.Object(properties, { additionalProperties: false, default: {}, description });

/** The options every exporter shares (the Collector's exporterhelper settings), merged into each factory's schema. */
export const DeliverySchema = {
  timeout: Duration('10s', 'deadline of one send attempt'),
  batch: Block(
    {
      max_items: Type.Integer({ minimum: 1, default: 8192, description: 'spans or log records per request at most' }),
      max_bytes: Type.Integer({ minimum: 1024, default: 4 * 1024 * 1024, description: 'queued bytes per request at most' }),
      flush_interval: Duration('200ms', 'how long a partial batch waits for more'),
    },
    'how queued records are grouped into one request',
  ),
  queue: Block(
    {
      mode: Type.Union([Type.Literal('disk'), Type.Literal('memory')], { default: 'disk', description: 'disk survives restarts and SIGKILL; memory loses what it holds' }),
      directory: Type.String({ minLength: 1, default: 'var/queue', description: 'each exporter keeps its log in a folder of its own under here' }),
      max_bytes: Type.Integer({ minimum: 64 * 1024, default: 1024 * 1024 * 1024, description: 'budget; beyond it full_policy applies' }),
      full_policy: Type.Union([Type.Literal('refuse'), Type.Literal('drop_oldest')], { default: 'refuse', description: 'refuse: back-pressure to the agents; drop_oldest: counted loss' }),
      fsync: Type.Union([Type.Literal('always'), Type.Literal('interval'), Type.Literal('never')], { default: 'always', description: 'always: before answering 200; interval: every fsync_interval; never: the OS decides' }),
      fsync_interval: Duration('1s', 'for fsync: interval'),
      segment_bytes: Type.Integer({ minimum: 4096, default: 16 * 1024 * 1024, description: 'size of one log file' }),
    },
    'the queue in front of the exporter',
  ),
  retry: Block(
    {
      initial_interval: Duration('1s', 'first wait after a failure'),
      max_interval: Duration('30s', 'longest wait between attempts'),
      multiplier: Type.Number({ minimum: 1, default: 2 }),
      jitter: Type.Number({ minimum: 0, maximum: 1, default: 0.5, description: 'each wait is randomised by up to this fraction' }),
      max_elapsed: Duration('0s', 'give a batch up after this long (0s: retry until delivered; the queue budget bounds it)'),
    },
    'exponential backoff with jitter; Retry-After and RetryInfo win over it',
  ),
};

const DeliveryObject = Type.Object(DeliverySchema);

/** The shared options as loaded. */
export type DeliveryConfig = Static<typeof DeliveryObject>;

/** The shared options with durations parsed once, at build time. */
export interface DeliverySettings {
  readonly timeoutMs: number;
  readonly batch: { readonly maxItems: number; readonly maxBytes: number; readonly flushMs: number };
  readonly queue: DeliveryConfig['queue'] & { readonly fsyncIntervalMs: number };
  readonly retry: { readonly initialMs: number; readonly maxMs: number; readonly multiplier: number; readonly jitter: number; readonly maxElapsedMs: number };
}

const ms = (text: string): number => parseDuration(text) ?? 0;

/** Parses the durations of the shared options. */
export function deliverySettings(config: DeliveryConfig): DeliverySettings {
  const { batch, queue, retry } = config;
  return {
    timeoutMs: ms(config.timeout),
    batch: { maxItems: batch.max_items, maxBytes: batch.max_bytes, flushMs: ms(batch.flush_interval) },
    // A segment stays well under the budget so drop_oldest always has a closed segment to give up.
    queue: { ...queue, segment_bytes: Math.min(queue.segment_bytes, Math.floor(queue.max_bytes / 4)), fsyncIntervalMs: ms(queue.fsync_interval) },
    retry: { initialMs: ms(retry.initial_interval), maxMs: ms(retry.max_interval), multiplier: retry.multiplier, jitter: retry.jitter, maxElapsedMs: ms(retry.max_elapsed) },
  };
}
