/** One queued record as the delivery loop reads it back. */
export interface QueuedRecord {
  /** Position in the queue, increasing by one per record; acks name it. */
  readonly seq: number;
  /** Spans, log records or detections in the payload. */
  readonly items: number;
  /** When it was queued (ms since the epoch), for the queue-age metric and the batch timer. */
  readonly timeMs: number;
  readonly payload: Buffer;
}

/** What is queued and not yet acknowledged. */
export interface QueueStats {
  readonly records: number;
  readonly items: number;
  /** Bytes the queue holds against its budget (on disk: segment files, acked or not, until deleted). */
  readonly bytes: number;
}

/** Thrown by append when the budget is exhausted under the `refuse` policy (back-pressure). */
export class QueueFullError extends Error {
  constructor(readonly budgetBytes: number) {
    super(`queue is at its budget of ${budgetBytes} bytes`);
    this.name = 'QueueFullError';
  }
}

/** What happens when a record does not fit in the budget. */
export type FullPolicy = 'refuse' | 'drop_oldest';

/**
 * The queue between ingest and one exporter. A single reader (the delivery loop) reads records in
 * order and acknowledges them once they are delivered or dropped for good; what was read but not
 * acknowledged is read again after a restart (at-least-once).
 */
export interface DeliveryQueue {
  /** Queues one record; resolves once it is as durable as the queue promises, rejects when refused. */
  append(payload: Uint8Array, items: number): Promise<void>;
  /** The next unread records, up to the limits; the first one even when it alone exceeds maxBytes unless `strict`. */
  read(maxItems: number, maxBytes: number, strict?: boolean): Promise<QueuedRecord[]>;
  /** Resolves when a record is appended or after `ms`, whichever comes first. */
  waitForAppend(ms: number): Promise<void>;
  /** Marks a batch that read() returned as done (delivered or dropped for good). */
  ack(batch: readonly QueuedRecord[]): Promise<void>;
  /** True while an append of `bytes` would fit (readiness). */
  hasRoom(bytes?: number): boolean;
  stats(): QueueStats;
  close(): Promise<void>;
}

/**
 * A wakeup the queues share: append() signals, the delivery loop waits with a timeout. A notify
 * with nobody waiting is remembered, so an append landing between a read and the wait is not missed.
 */
export class AppendSignal {
  private waiters: (() => void)[] = [];
  private missed = false;

  /** Wakes every waiter (or the next one to wait). */
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    this.missed = waiters.length === 0;
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify() or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.missed) {
      this.missed = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }
}
