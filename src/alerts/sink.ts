import type { AgentEvent } from '../event/index.js';
import type { Detection } from '../rules/index.js';

/**
 * Where detections go. Sinks must not throw into the pipeline: they queue or count failures. A
 * durable sink returns a promise that resolves once the detections are safely queued (the
 * request is answered only then) and rejects with a retryable VigilError when it cannot take them.
 */
export interface DetectionSink {
  /** The detections of one batch; `events` is that batch (alert sinks read their context from it). */
  write(detections: readonly Detection[], events?: readonly AgentEvent[]): Promise<void> | void;
  close(): Promise<void>;
}

/** Writes detections as JSON lines to a stream (stdout for `alerts.stdout` and `vigil replay`). */
export class StreamSink implements DetectionSink {
  constructor(private readonly out: NodeJS.WritableStream) {}

  write(detections: readonly Detection[]): void {
    for (const detection of detections) this.out.write(JSON.stringify(detection) + '\n');
  }

  async close(): Promise<void> {}
}

/** Keeps the latest detections in memory for the admin endpoint, bounded. */
export class RecentSink implements DetectionSink {
  private readonly items: Detection[] = [];

  constructor(private readonly capacity: number) {}

  write(detections: readonly Detection[]): void {
    this.items.push(...detections);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** The kept detections, oldest first. */
  recent(): readonly Detection[] {
    return this.items;
  }

  async close(): Promise<void> {}
}
