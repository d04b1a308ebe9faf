import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** How a RotatingFile rolls over. */
export interface RotationOptions {
  readonly maxBytes: number;
  readonly maxAgeMs: number;
  readonly maxFiles: number;
  readonly fsync: boolean;
}

// 20261202T172600123Z: sorts in time order; a suffix keeps two rotations in one millisecond apart.
const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:.]/g, '');

/**
 * An append-only file that is renamed to `<name>.<UTC stamp>` when it reaches its size or age,
 * keeping the newest `maxFiles` rotated files. Opened lazily, so a missing directory or a write
 * error surfaces as a failed append (retried by the delivery helper), never at startup.
 */
export class RotatingFile {
  private handle: FileHandle | undefined;
  private size = 0;
  private openedMs = 0;

  constructor(readonly path: string, private readonly options: RotationOptions) {}

  /** Appends the text; resolves once written (and synced when asked). */
  async append(text: string): Promise<void> {
    const bytes = Buffer.from(text);
    const handle = await this.writable(bytes.length);
    try {
      const { bytesWritten } = await handle.write(bytes);
      if (bytesWritten !== bytes.length) throw new Error(`short write: ${bytesWritten} of ${bytes.length} bytes`);
      if (this.options.fsync) await handle.datasync();
      this.size += bytes.length;
    } catch (error) {
      // Cut a partial line away so the file stays valid JSON lines, then let the caller retry.
      await handle.truncate(this.size).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private async writable(incoming: number): Promise<FileHandle> {
    const due = this.handle && this.size > 0 && (this.size + incoming > this.options.maxBytes || Date.now() - this.openedMs >= this.options.maxAgeMs);
    if (due) await this.rotate();
    if (!this.handle) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.handle = await open(this.path, 'a');
      const info = await stat(this.path);
      this.size = info.size;
      this.openedMs = info.size > 0 ? info.birthtimeMs || info.mtimeMs : Date.now();
    }
    return this.handle;
  }

  private async rotate(): Promise<void> {
    await this.close();
    const base = `${this.path}.${stamp(Date.now())}`;
    let target = base;
    for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
    await rename(this.path, target);
    const prefix = `${basename(this.path)}.`;
    const rotated = readdirSync(dirname(this.path)).filter((n) => n.startsWith(prefix)).sort();
    for (const name of rotated.slice(0, Math.max(0, rotated.length - this.options.maxFiles))) await unlink(join(dirname(this.path), name)).catch(() => undefined);
  }
}
