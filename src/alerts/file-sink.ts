import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Detection } from '../rules/index.js';
import type { DetectionSink } from './sink.js';

/** Appends every detection as one JSON line to a local file (the embedded default sink). */
export class FileSink implements DetectionSink {
  private readonly stream: WriteStream;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  write(detections: readonly Detection[]): void {
    if (detections.length === 0) return;
    this.stream.write(detections.map((d) => JSON.stringify(d)).join('\n') + '\n');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
