import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { checksumMatches, decodeHeader, encodeHeader, HEADER_BYTES } from './record-format.js';
import { AppendSignal, QueueFullError, type DeliveryQueue, type FullPolicy, type QueuedRecord, type QueueStats } from './queue.js';
import { lockQueueFolder } from './queue-lock.js';
import { scanLog, segmentName, type Cursor, type Segment } from './segment-scan.js';

/** When appended records reach the disk itself, not just the page cache. */
export type FsyncPolicy = 'always' | 'interval' | 'never';

/** How a disk queue is laid out and bounded. */
export interface DiskQueueOptions {
  readonly directory: string;
  readonly maxBytes: number;
  readonly segmentBytes: number;
  readonly policy: FullPolicy;
  readonly fsync: FsyncPolicy;
  readonly fsyncIntervalMs: number;
  /** Counts items the drop_oldest policy discarded before they were read. */
  readonly onDrop: (items: number, reason: string) => void;
}

interface Pending {
  readonly header: Buffer;
  readonly payload: Uint8Array;
  readonly items: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const ACK_FILE = 'acked.json';

/**
 * The persistent queue: an append-only log of segment files under one directory per exporter.
 * Appends made while a write is in progress go out together in the next write (group commit), then
 * one fdatasync under `fsync: always`, and only then do their promises resolve, so a 200 to the
 * agent means the batch survives a SIGKILL (and, with `always`, a power loss). The acknowledged
 * position is kept in acked.json (rewritten by rename); losing its last update only re-sends, never
 * loses. Segments wholly acknowledged are deleted.
 */
export class DiskQueue implements DeliveryQueue {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private writer: FileHandle | undefined;
  private readonly readers = new Map<string, FileHandle>();
  // Handles of deleted segments, closed once no read is using them.
  private readonly retired: FileHandle[] = [];
  private reading = false;
  private acked: number;
  private ackWrite: Promise<void> = Promise.resolve();
  private records: number;
  private items: number;
  private diskBytes: number;
  private pendingBytes = 0;
  private dirty = false;
  private readonly syncTimer: NodeJS.Timeout | undefined;
  private readonly signal = new AppendSignal();

  private constructor(
    private readonly options: DiskQueueOptions,
    private readonly segments: Segment[],
    private cursor: Cursor,
    acked: number,
    stats: { records: number; items: number },
    private readonly unlock: () => void,
  ) {
    this.acked = acked;
    this.records = stats.records;
    this.items = stats.items;
    this.diskBytes = segments.reduce((sum, s) => sum + s.size, 0);
    if (options.fsync === 'interval') {
      this.syncTimer = setInterval(() => void this.syncIfDirty(), options.fsyncIntervalMs);
      this.syncTimer.unref();
    }
  }

  /** Opens (or creates) the queue in its directory and replays what was not acknowledged. */
  static async open(options: DiskQueueOptions): Promise<{ queue: DiskQueue; truncatedBytes: number }> {
    mkdirSync(options.directory, { recursive: true });
    const unlock = lockQueueFolder(options.directory);
    let scan: ReturnType<typeof scanLog>;
    let acked: number;
    try {
      acked = readAcked(join(options.directory, ACK_FILE));
      scan = scanLog(options.directory, acked);
    } catch (error) {
      unlock();
      throw error;
    }
    const queue = new DiskQueue(options, scan.segments, scan.cursor, acked, { records: scan.pendingRecords, items: scan.pendingItems }, unlock);
    await queue.deleteAckedSegments();
    return { queue, truncatedBytes: scan.truncatedBytes };
  }

  append(payload: Uint8Array, items: number): Promise<void> {
    const size = HEADER_BYTES + payload.length;
    if (size > this.options.maxBytes) return Promise.reject(new QueueFullError(this.options.maxBytes));
    while (this.diskBytes + this.pendingBytes + size > this.options.maxBytes) {
      if (this.options.policy === 'refuse' || !this.dropOldestSegment()) return Promise.reject(new QueueFullError(this.options.maxBytes));
    }
    this.pendingBytes += size;
    return new Promise((resolve, reject) => {
      this.pending.push({ header: encodeHeader(payload, items, Date.now()), payload, items, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  async read(maxItems: number, maxBytes: number, strict = false): Promise<QueuedRecord[]> {
    this.reading = true;
    try {
      return await this.readRecords(maxItems, maxBytes, strict);
    } finally {
      this.reading = false;
      for (const handle of this.retired.splice(0)) await handle.close();
    }
  }

  private async readRecords(maxItems: number, maxBytes: number, strict: boolean): Promise<QueuedRecord[]> {
    const out: QueuedRecord[] = [];
    let items = 0;
    let bytes = 0;
    while (this.cursor.segment < this.segments.length) {
      const segment = this.segments[this.cursor.segment];
      if (this.cursor.position >= segment.size) {
        if (this.cursor.segment === this.segments.length - 1) break;
        const next = this.segments[this.cursor.segment + 1];
        this.cursor = { segment: this.cursor.segment + 1, position: 0, seq: next.firstSeq };
        continue;
      }
      const at = this.cursor;
      const handle = await this.reader(segment.path);
      const header = Buffer.allocUnsafe(HEADER_BYTES);
      await handle.read(header, 0, HEADER_BYTES, at.position);
      if (this.cursor !== at) continue; // drop_oldest moved the reader on meanwhile
      const fields = decodeHeader(header, 0) as NonNullable<ReturnType<typeof decodeHeader>>;
      const fits = items + fields.items <= maxItems && bytes + fields.length <= maxBytes;
      if (!fits && (strict || out.length > 0)) break;
      const payload = Buffer.allocUnsafe(fields.length);
      await handle.read(payload, 0, fields.length, at.position + HEADER_BYTES);
      if (this.cursor !== at) continue;
      if (!checksumMatches(header, payload)) throw new Error(`${segment.path}: record ${this.cursor.seq} does not match its checksum`);
      out.push({ seq: at.seq, items: fields.items, timeMs: fields.timeMs, payload });
      items += fields.items;
      bytes += fields.length;
      segment.readItems += fields.items;
      this.cursor = { segment: at.segment, position: at.position + HEADER_BYTES + fields.length, seq: at.seq + 1 };
    }
    return out;
  }

  waitForAppend(ms: number): Promise<void> {
    return this.signal.wait(ms);
  }

  async ack(batch: readonly QueuedRecord[]): Promise<void> {
    for (const record of batch) this.items -= record.items;
    this.records -= batch.length;
    const seq = batch.at(-1)?.seq ?? -1;
    if (seq <= this.acked) return;
    this.acked = seq;
    this.ackWrite = this.ackWrite.catch(() => undefined).then(() => this.writeAcked());
    await this.ackWrite;
    await this.deleteAckedSegments();
  }

  hasRoom(bytes = HEADER_BYTES): boolean {
    return this.options.policy === 'drop_oldest' || this.diskBytes + this.pendingBytes + bytes <= this.options.maxBytes;
  }

  stats(): QueueStats {
    return { records: this.records, items: this.items, bytes: this.diskBytes + this.pendingBytes };
  }

  async close(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    while (this.flushing) await this.flushing;
    await this.ackWrite.catch(() => undefined);
    if (this.writer && this.options.fsync !== 'never') await this.writer.datasync();
    await this.writer?.close();
    this.writer = undefined;
    for (const handle of this.readers.values()) await handle.close();
    this.readers.clear();
    this.unlock();
  }

  // One write of everything pending, then the sync; appends arriving meanwhile wait for the next round.
  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      const bytes = group.reduce((sum, p) => sum + HEADER_BYTES + p.payload.length, 0);
      try {
        const writer = await this.activeWriter();
        const segment = this.segments[this.segments.length - 1];
        const { bytesWritten } = await writer.writev(group.flatMap((p) => [p.header, p.payload]));
        if (bytesWritten !== bytes) throw new Error(`short write: ${bytesWritten} of ${bytes} bytes`);
        if (this.options.fsync === 'always') await writer.datasync();
        else this.dirty = true;
        segment.size += bytes;
        segment.records += group.length;
        this.diskBytes += bytes;
        this.pendingBytes -= bytes;
        for (const p of group) {
          segment.items += p.items;
          this.records++;
          this.items += p.items;
        }
        for (const p of group) p.resolve();
        this.signal.notify();
      } catch (error) {
        this.pendingBytes -= bytes;
        await this.discardPartialWrite();
        for (const p of group) p.reject(error as Error);
      }
    }
    this.flushing = undefined;
  }

  // A failed write (disk full) may have left part of the group behind: cut back to what was committed.
  private async discardPartialWrite(): Promise<void> {
    const segment = this.segments.at(-1);
    if (!segment || !this.writer) return;
    await this.writer.truncate(segment.size).catch(() => undefined);
  }

  private async activeWriter(): Promise<FileHandle> {
    const active = this.segments.at(-1);
    if (this.writer && active && active.size < this.options.segmentBytes) return this.writer;
    if (this.writer) {
      if (this.options.fsync !== 'never') await this.writer.datasync();
      await this.writer.close();
      this.writer = undefined;
    }
    if (!active || active.size >= this.options.segmentBytes) {
      const firstSeq = active ? active.firstSeq + active.records : this.cursor.seq;
      this.segments.push({ firstSeq, path: join(this.options.directory, segmentName(firstSeq)), records: 0, items: 0, readItems: 0, size: 0 });
    }
    this.writer = await open((this.segments.at(-1) as Segment).path, 'a');
    return this.writer;
  }

  private async reader(path: string): Promise<FileHandle> {
    let handle = this.readers.get(path);
    if (!handle) {
      handle = await open(path, 'r');
      this.readers.set(path, handle);
    }
    return handle;
  }

  private async syncIfDirty(): Promise<void> {
    if (!this.dirty || !this.writer) return;
    this.dirty = false;
    await this.writer.datasync().catch(() => (this.dirty = true));
  }

  private async writeAcked(): Promise<void> {
    const path = join(this.options.directory, ACK_FILE);
    await writeFile(`${path}.tmp`, JSON.stringify({ seq: this.acked }));
    await rename(`${path}.tmp`, path);
  }

  // Every segment but the one being written whose last record is acknowledged.
  private async deleteAckedSegments(): Promise<void> {
    while (this.segments.length > 1 && this.segments[0].firstSeq + this.segments[0].records - 1 <= this.acked) {
      await this.removeFirstSegment();
    }
  }

  private async removeFirstSegment(): Promise<void> {
    const [first] = this.segments.splice(0, 1);
    this.cursor = { ...this.cursor, segment: Math.max(0, this.cursor.segment - 1) };
    this.diskBytes -= first.size;
    const handle = this.readers.get(first.path);
    this.readers.delete(first.path);
    if (handle && this.reading) this.retired.push(handle);
    else await handle?.close();
    await unlink(first.path).catch(() => undefined);
  }

  // drop_oldest: give up the oldest closed segment. What the reader had not reached is counted as
  // dropped; what it read is in flight in memory and is acknowledged as usual.
  private dropOldestSegment(): boolean {
    if (this.segments.length < 2) return false;
    const first = this.segments[0];
    if (this.cursor.segment === 0) {
      const unreadRecords = first.firstSeq + first.records - this.cursor.seq;
      const unreadItems = first.items - first.readItems;
      this.records -= unreadRecords;
      this.items -= unreadItems;
      if (unreadItems > 0) this.options.onDrop(unreadItems, 'queue_full');
      this.cursor = { segment: 1, position: 0, seq: this.segments[1].firstSeq };
    }
    void this.removeFirstSegment();
    return true;
  }
}

// A missing or unreadable acked.json means "nothing acknowledged": everything is sent again.
function readAcked(path: string): number {
  try {
    const seq = (JSON.parse(readFileSync(path, 'utf8')) as { seq?: unknown }).seq;
    return typeof seq === 'number' && Number.isInteger(seq) ? seq : -1;
  } catch {
    return -1;
  }
}
