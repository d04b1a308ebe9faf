import type { Destination, SendResult } from '../component.js';
import { VigilError } from '../../errors.js';
import type { Metrics } from '../../telemetry/metrics.js';
import { retryDelay } from './backoff.js';
import { QueueFullError, type DeliveryQueue, type QueuedRecord } from './queue.js';
import type { DeliverySettings } from './settings.js';

/** How long a stop waits for the queue to empty before it leaves the rest queued for the next start. */
const DRAIN_MS = 2_000;

/** What the helper logs: per incident, never per item. */
export interface DeliveryLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Turns the records of one batch into the destination's input (telemetry batch, detections). */
export type Assemble<Input> = (records: readonly QueuedRecord[]) => Input;

const IDLE_WAIT_MS = 1000;
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * The one delivery helper every exporter and alert sink runs behind (the Collector's
 * exporterhelper): ingest appends records to the queue; one loop reads them back in order, groups
 * them by size and time, encodes the batch once and sends it with a deadline, retrying with
 * backoff (or the downstream's Retry-After) until it is delivered or refused for good, and only
 * then acknowledges it. Every outcome is counted per exporter.
 */
export class DeliveryHelper<Input, Request> {
  private readonly stopController = new AbortController();
  private readonly stoppedWait = new Promise<void>((resolve) => this.stopController.signal.addEventListener('abort', () => resolve(), { once: true }));
  // Bytes of the last refused record: readiness stays off until that much fits again.
  private refusedBytes = 0;
  private loop: Promise<void> | undefined;
  private readonly labels: { exporter: string; signal: string };
  private readonly gauges;

  constructor(
    readonly name: string,
    /** What the queue carries (traces, logs, detections): a metric label. */
    readonly signal: string,
    private readonly destination: Destination<Input, Request>,
    private readonly queue: DeliveryQueue,
    private readonly assemble: Assemble<Input>,
    private readonly settings: DeliverySettings,
    private readonly metrics: Metrics,
    private readonly logger: DeliveryLogger,
  ) {
    this.labels = { exporter: name, signal };
    this.gauges = { items: metrics.exporterQueueItems.labels(this.labels), bytes: metrics.exporterQueueBytes.labels(this.labels), age: metrics.exporterQueueAge.labels(this.labels) };
    this.updateGauges();
  }

  /**
   * Queues one record of `items` items; resolves once it is as durable as the queue promises.
   * Rejects with a retryable VigilError (503 + Retry-After at the receivers) when it cannot.
   */
  async offer(payload: Uint8Array, items: number): Promise<void> {
    try {
      await this.queue.append(payload, items);
      if (this.refusedBytes > 0 && this.queue.hasRoom(this.refusedBytes)) {
        // Drained (a record as large as the refused one fits again): the next refusal is a new incident.
        this.refusedBytes = 0;
        this.logger.warn({ exporter: this.name, signal: this.signal }, 'exporter queue accepts again');
      }
    } catch (error) {
      const full = error instanceof QueueFullError;
      if (full && this.refusedBytes === 0) this.logger.warn({ exporter: this.name, signal: this.signal, bytes: error.budgetBytes }, 'exporter queue is full; ingest answers 503 until it drains');
      if (full) this.refusedBytes = payload.length;
      this.metrics.exporterRefused.inc({ ...this.labels, reason: full ? 'queue_full' : 'queue_error' }, items);
      if (!full) this.logger.error({ err: error, exporter: this.name }, 'exporter queue write failed');
      throw full ? new VigilError('VGL_EXPORTER_FULL', this.name, error.budgetBytes) : new VigilError('VGL_EXPORTER_QUEUE_FAILED', this.name, (error as Error).message);
    } finally {
      this.updateGauges();
    }
  }

  /** False while the queue has no room (readiness). */
  get accepting(): boolean {
    return this.queue.hasRoom(this.refusedBytes);
  }

  /** Starts the delivery loop. */
  start(): void {
    this.loop ??= this.run().catch((error: unknown) => this.logger.error({ err: error, exporter: this.name }, 'delivery loop stopped'));
  }

  /**
   * Stops delivering: for up to `drainMs` what is queued may still go out; then an attempt in
   * flight is aborted and stays queued (on disk it is sent after
   * the restart), then the queue is closed. The destination belongs to the caller (one destination
   * may serve several queues). Idempotent.
   */
  async stop(drainMs = DRAIN_MS): Promise<void> {
    // A graceful stop first lets what is queued go out (a healthy downstream empties it at once).
    const until = Date.now() + drainMs;
    while (this.loop !== undefined && !this.stopped && this.queue.stats().records > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    this.stopController.abort();
    await this.loop;
    await this.queue.close();
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private async run(): Promise<void> {
    const { maxItems, maxBytes, flushMs } = this.settings.batch;
    let batch: QueuedRecord[] = [];
    let items = 0;
    let bytes = 0;
    while (!this.stopped) {
      const more = await this.readSafely(maxItems - items, maxBytes - bytes, batch.length > 0);
      for (const record of more) {
        items += record.items;
        bytes += record.payload.length;
      }
      batch = batch.concat(more);
      if (batch.length === 0) {
        await this.waitForAppend(IDLE_WAIT_MS);
        continue;
      }
      const waited = Date.now() - batch[0].timeMs;
      if (items < maxItems && bytes < maxBytes && waited < flushMs && more.length > 0) {
        await this.waitForAppend(flushMs - waited);
        continue;
      }
      await this.deliver(batch, items);
      batch = [];
      items = 0;
      bytes = 0;
    }
  }

  private waitForAppend(ms: number): Promise<void> {
    return Promise.race([this.queue.waitForAppend(ms), this.stoppedWait]);
  }

  // A read error (a damaged record) must not end delivery: log it, wait, try again.
  private async readSafely(maxItems: number, maxBytes: number, strict: boolean): Promise<QueuedRecord[]> {
    if (maxItems <= 0 || maxBytes <= 0) return [];
    try {
      return await this.queue.read(maxItems, maxBytes, strict);
    } catch (error) {
      this.logger.error({ err: error, exporter: this.name }, 'exporter queue read failed');
      await sleep(IDLE_WAIT_MS, this.stopController.signal);
      return [];
    }
  }

  private async deliver(batch: readonly QueuedRecord[], items: number): Promise<void> {
    this.gauges.age.set((Date.now() - batch[0].timeMs) / 1000);
    const started = Date.now();
    let request: Request;
    try {
      request = this.destination.encode(this.assemble(batch));
    } catch (error) {
      this.logger.error({ err: error, exporter: this.name }, 'exporter could not encode a batch; dropped');
      return this.settle(batch, { outcome: 'drop', reason: 'encode_error', count: items }, items);
    }
    let remaining = items;
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(request);
      if (result.outcome !== 'retry') return this.settle(batch, result, remaining);
      this.metrics.exporterFailed.inc({ ...this.labels, reason: result.reason });
      if (result.sent) {
        this.metrics.exporterSent.inc(this.labels, result.sent);
        remaining -= result.sent;
      }
      // Refused for good within a partly retryable answer (a mapping error beside a 429): counted now, never resent.
      if (result.rejected) {
        this.metrics.exporterDropped.inc({ ...this.labels, reason: result.rejectedReason ?? result.reason }, result.rejected);
        remaining -= result.rejected;
      }
      if (result.remaining !== undefined) request = result.remaining;
      if (this.stopped) return; // stays queued (not acknowledged)
      const { maxElapsedMs } = this.settings.retry;
      if (maxElapsedMs > 0 && Date.now() - started >= maxElapsedMs) {
        return this.settle(batch, { outcome: 'drop', reason: 'retries_exhausted', count: remaining }, remaining);
      }
      this.metrics.exporterRetried.inc(this.labels, remaining);
      await sleep(retryDelay(this.settings.retry, attempt, result.retryAfterMs), this.stopController.signal);
      if (this.stopped) return;
    }
  }

  private async attempt(request: Request): Promise<SendResult<Request>> {
    const signal = AbortSignal.any([this.stopController.signal, AbortSignal.timeout(this.settings.timeoutMs)]);
    try {
      return await this.destination.send(request, signal);
    } catch (error) {
      // Destinations never throw; one that does has a bug, and the batch must not be lost for it.
      this.logger.error({ err: error, exporter: this.name }, 'exporter send threw');
      return { outcome: 'retry', reason: 'exception' };
    }
  }

  private async settle(batch: readonly QueuedRecord[], result: Exclude<SendResult<Request>, { outcome: 'retry' }>, items: number): Promise<void> {
    if (result.outcome === 'sent') {
      const rejected = result.rejected ?? 0;
      this.metrics.exporterSent.inc(this.labels, items - rejected);
      if (rejected > 0) this.metrics.exporterDropped.inc({ ...this.labels, reason: result.reason ?? 'rejected' }, rejected);
    } else {
      this.metrics.exporterDropped.inc({ ...this.labels, reason: result.reason }, result.count);
      if (items > result.count) this.metrics.exporterSent.inc(this.labels, items - result.count);
      this.logger.warn({ exporter: this.name, reason: result.reason, items: result.count }, 'downstream refused a batch for good; dropped');
    }
    // A failed ack write only means this batch is sent again after a restart (at-least-once).
    await this.queue.ack(batch).catch((error: unknown) => this.logger.error({ err: error, exporter: this.name }, 'exporter queue could not record an acknowledgement'));
    this.gauges.age.set(0);
    this.updateGauges();
  }

  private updateGauges(): void {
    const stats = this.queue.stats();
    this.gauges.items.set(stats.items);
    this.gauges.bytes.set(stats.bytes);
  }
}
