import { AppendSignal, QueueFullError, type DeliveryQueue, type FullPolicy, type QueuedRecord, type QueueStats } from './queue.js';

/**
 * The memory-only queue (`queue.mode: memory`): bounded by bytes like the disk queue, but what it
 * holds is lost when the process stops or is killed. Documented as able to lose data.
 */
export class MemoryQueue implements DeliveryQueue {
  private readonly records: QueuedRecord[] = [];
  private readIndex = 0;
  private nextSeq = 0;
  private bytes = 0;
  private items = 0;
  private readonly signal = new AppendSignal();

  constructor(
    private readonly maxBytes: number,
    private readonly policy: FullPolicy,
    private readonly onDrop: (items: number, reason: string) => void,
  ) {}

  async append(payload: Uint8Array, items: number): Promise<void> {
    const size = payload.length;
    if (size > this.maxBytes) throw new QueueFullError(this.maxBytes);
    while (this.bytes + size > this.maxBytes) {
      if (this.policy === 'refuse' || this.records.length === 0) throw new QueueFullError(this.maxBytes);
      const oldest = this.records.shift() as QueuedRecord;
      if (this.readIndex > 0) this.readIndex--;
      else this.onDrop(oldest.items, 'queue_full');
      this.forget(oldest);
    }
    this.records.push({ seq: this.nextSeq++, items, timeMs: Date.now(), payload: Buffer.from(payload.buffer, payload.byteOffset, payload.length) });
    this.bytes += size;
    this.items += items;
    this.signal.notify();
  }

  async read(maxItems: number, maxBytes: number, strict = false): Promise<QueuedRecord[]> {
    const out: QueuedRecord[] = [];
    let items = 0;
    let bytes = 0;
    while (this.readIndex < this.records.length) {
      const record = this.records[this.readIndex];
      const fits = items + record.items <= maxItems && bytes + record.payload.length <= maxBytes;
      if (!fits && (strict || out.length > 0)) break;
      out.push(record);
      items += record.items;
      bytes += record.payload.length;
      this.readIndex++;
    }
    return out;
  }

  waitForAppend(ms: number): Promise<void> {
    return this.signal.wait(ms);
  }

  async ack(batch: readonly QueuedRecord[]): Promise<void> {
    const seq = batch.at(-1)?.seq ?? -1;
    while (this.records.length > 0 && this.records[0].seq <= seq) {
      this.forget(this.records.shift() as QueuedRecord);
      this.readIndex = Math.max(0, this.readIndex - 1);
    }
  }

  hasRoom(bytes = 1): boolean {
    return this.policy === 'drop_oldest' || this.bytes + bytes <= this.maxBytes;
  }

  stats(): QueueStats {
    return { records: this.records.length, items: this.items, bytes: this.bytes };
  }

  async close(): Promise<void> {}

  private forget(record: QueuedRecord): void {
    this.bytes -= record.payload.length;
    this.items -= record.items;
  }
}
