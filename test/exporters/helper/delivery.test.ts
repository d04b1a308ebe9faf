import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import t from 'tap';
import type { Destination, SendResult } from '../../../src/exporters/component.js';
import { DeliveryHelper, DeliverySchema, deliverySettings, openQueue, type DeliveryConfig, type QueuedRecord } from '../../../src/exporters/helper/index.js';
import { retryDelay } from '../../../src/exporters/helper/backoff.js';
import { VigilError } from '../../../src/errors.js';
import { Metrics } from '../../../src/telemetry/metrics.js';

const quiet = { warn: () => {}, error: () => {} };

function settings(raw: object): ReturnType<typeof deliverySettings> {
  return deliverySettings(Value.Default(Type.Object(DeliverySchema), Value.Clone(raw)) as DeliveryConfig);
}

/** A destination whose answers are scripted per attempt; it records every request it saw. */
class ScriptedDestination implements Destination<string[], string[]> {
  readonly attempts: string[][] = [];
  readonly delivered: string[] = [];
  constructor(private readonly script: ((request: string[]) => SendResult<string[]>)[]) {}
  encode(input: string[]): string[] {
    return input;
  }
  async send(request: string[]): Promise<SendResult<string[]>> {
    this.attempts.push(request);
    const answer = (this.script.shift() ?? (() => ({ outcome: 'sent' }) as const))(request);
    if (answer.outcome === 'sent') this.delivered.push(...request);
    return answer;
  }
  async close(): Promise<void> {}
}

const assemble = (records: readonly QueuedRecord[]): string[] => records.flatMap((r) => r.payload.toString().split(','));
const value = async (metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> => {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
};

async function helperWith(destination: ScriptedDestination, raw: object, directory = mkdtempSync(join(tmpdir(), 'vigil-delivery-'))) {
  const metrics = new Metrics({ processMetrics: false });
  const s = settings({ ...raw, queue: { directory, ...(raw as { queue?: object }).queue } });
  const { queue } = await openQueue('test/one', s.queue, (p) => p, (n, reason) => metrics.exporterDropped.inc({ exporter: 'test/one', signal: 'traces', reason }, n));
  const helper = new DeliveryHelper('test/one', 'traces', destination, queue, assemble, s, metrics, quiet);
  return { helper, metrics, directory };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

t.test('batches by size, retries honouring Retry-After, counts every outcome', async (t) => {
  const destination = new ScriptedDestination([
    () => ({ outcome: 'retry', reason: 'http_503', retryAfterMs: 20 }),
    () => ({ outcome: 'sent', rejected: 1, reason: 'partial_success' }),
    () => ({ outcome: 'drop', reason: 'http_400', count: 2 }),
  ]);
  const { helper, metrics } = await helperWith(destination, { batch: { max_items: 4, flush_interval: '50ms' }, retry: { initial_interval: '5s' } });
  for (const ids of ['a,b', 'c,d', 'e,f']) await helper.offer(Buffer.from(ids), 2);
  helper.start();
  await until(() => destination.attempts.length === 3);
  await helper.stop();
  t.same(destination.attempts, [['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'], ['e', 'f']], 'two records per request (max_items 4); the retry resends the same request');
  t.equal(await value(metrics, 'vigil_exporter_sent_items_total', { exporter: 'test/one' }), 3, '4 minus 1 rejected');
  t.equal(await value(metrics, 'vigil_exporter_dropped_items_total', { reason: 'partial_success' }), 1);
  t.equal(await value(metrics, 'vigil_exporter_dropped_items_total', { reason: 'http_400' }), 2);
  t.equal(await value(metrics, 'vigil_exporter_failed_requests_total', { reason: 'http_503' }), 1);
  t.equal(await value(metrics, 'vigil_exporter_retried_items_total', {}), 4);
  t.equal(await value(metrics, 'vigil_exporter_queue_items', {}), 0);
});

t.test('partial progress: only what remains is retried', async (t) => {
  const destination = new ScriptedDestination([() => ({ outcome: 'retry', reason: 'http_429', retryAfterMs: 10, sent: 1, remaining: ['b'] })]);
  const { helper, metrics } = await helperWith(destination, { batch: { flush_interval: '0ms' } });
  await helper.offer(Buffer.from('a,b'), 2);
  helper.start();
  await until(() => destination.delivered.length === 1);
  await helper.stop();
  t.same(destination.attempts, [['a', 'b'], ['b']]);
  t.equal(await value(metrics, 'vigil_exporter_sent_items_total', {}), 2);
});

t.test('a partly retryable answer: the items refused for good are dropped and counted, the rest resent', async (t) => {
  const destination = new ScriptedDestination([() => ({ outcome: 'retry', reason: 'http_429', retryAfterMs: 10, sent: 1, rejected: 1, rejectedReason: 'mapper_parsing_exception', remaining: ['c'] })]);
  const { helper, metrics } = await helperWith(destination, { batch: { flush_interval: '0ms' } });
  await helper.offer(Buffer.from('a,b,c'), 3);
  helper.start();
  await until(() => destination.delivered.length === 1);
  await helper.stop();
  t.same(destination.attempts, [['a', 'b', 'c'], ['c']]);
  t.equal(await value(metrics, 'vigil_exporter_dropped_items_total', { reason: 'mapper_parsing_exception' }), 1);
  t.equal(await value(metrics, 'vigil_exporter_sent_items_total', {}), 2, 'a (first answer) and c (resent); b never counts as sent');
});

t.test('stopping mid-retry keeps the batch on disk; a new helper on the same folder delivers it', async (t) => {
  const down = new ScriptedDestination(Array.from({ length: 100 }, () => () => ({ outcome: 'retry', reason: 'econnrefused' }) as const));
  const first = await helperWith(down, { batch: { flush_interval: '0ms' }, retry: { initial_interval: '10ms', max_interval: '10ms' } });
  await first.helper.offer(Buffer.from('x,y'), 2);
  first.helper.start();
  await until(() => down.attempts.length >= 2);
  await first.helper.stop(0); // no drain: the stop lands mid-retry
  const up = new ScriptedDestination([]);
  const second = await helperWith(up, { batch: { flush_interval: '0ms' } }, first.directory);
  second.helper.start();
  await until(() => up.delivered.length === 2);
  await second.helper.stop();
  t.same(up.delivered, ['x', 'y']);
});

t.test('a graceful stop lets what is queued go out first', async (t) => {
  const destination = new ScriptedDestination([]);
  const { helper } = await helperWith(destination, { batch: { flush_interval: '50ms' } });
  helper.start();
  await helper.offer(Buffer.from('p,q'), 2);
  await helper.stop();
  t.same(destination.delivered, ['p', 'q'], 'delivered before the stop returned');
});

t.test('a full queue refuses with a retryable 503 and readiness says so', async (t) => {
  const { helper, metrics } = await helperWith(new ScriptedDestination([]), { queue: { max_bytes: 65536, segment_bytes: 4096 } });
  const big = Buffer.alloc(20000);
  await helper.offer(big, 1);
  await helper.offer(big, 1);
  await helper.offer(big, 1);
  const refused = await helper.offer(big, 1).then(() => undefined, (e: unknown) => e);
  t.ok(refused instanceof VigilError && refused.code === 'VGL_EXPORTER_FULL' && refused.status === 503 && refused.retryable);
  t.notOk(helper.accepting);
  t.equal(await value(metrics, 'vigil_exporter_enqueue_failed_items_total', { reason: 'queue_full' }), 1);
  await helper.stop();
});

t.test('memory mode and max_elapsed: a batch is given up after its time, counted', async (t) => {
  const down = new ScriptedDestination(Array.from({ length: 100 }, () => () => ({ outcome: 'retry', reason: 'timeout' }) as const));
  const { helper, metrics } = await helperWith(down, { queue: { mode: 'memory' }, batch: { flush_interval: '0ms' }, retry: { initial_interval: '10ms', max_interval: '10ms', max_elapsed: '50ms' } });
  await helper.offer(Buffer.from('z'), 1);
  helper.start();
  await until(() => helper['queue'].stats().items === 0);
  await helper.stop();
  t.equal(await value(metrics, 'vigil_exporter_dropped_items_total', { reason: 'retries_exhausted' }), 1);
});

t.test('backoff grows, caps, jitters within bounds, and yields to Retry-After', async (t) => {
  const retry = settings({ retry: { initial_interval: '1s', max_interval: '5s', multiplier: 2, jitter: 0.5 } }).retry;
  t.equal(retryDelay(retry, 0, undefined, () => 0.5), 1000);
  t.equal(retryDelay(retry, 2, undefined, () => 0.5), 4000);
  t.equal(retryDelay(retry, 10, undefined, () => 0.5), 5000, 'capped');
  t.equal(retryDelay(retry, 0, undefined, () => 0), 500, 'jitter low end');
  t.equal(retryDelay(retry, 0, undefined, () => 1), 1500, 'jitter high end');
  t.equal(retryDelay(retry, 0, 7000), 7000, 'Retry-After wins, even above max_interval');
});
