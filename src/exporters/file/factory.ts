import { parseDuration } from '../../config/index.js';
import type { Destination, DestinationFactory, SendResult, TelemetryBatch } from '../component.js';
import { jsonLine } from '../json-lines.js';
import { FileSchema, type FileConfig } from './config.js';
import { RotatingFile } from './rotating-file.js';

/** Writes each batch as one OTLP/JSON line; writes are serialised so traces and logs can share a file. */
class FileDestination implements Destination<TelemetryBatch, string> {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: RotatingFile) {}

  encode(batch: TelemetryBatch): string {
    return jsonLine(batch);
  }

  send(line: string): Promise<SendResult<string>> {
    const write = this.tail.then(() => this.file.append(line));
    this.tail = write.catch(() => undefined);
    return write.then(
      () => ({ outcome: 'sent' }) as const,
      (error: NodeJS.ErrnoException) => ({ outcome: 'retry', reason: (error.code ?? 'write_error').toLowerCase() }) as const,
    );
  }

  async close(): Promise<void> {
    await this.tail;
    await this.file.close();
  }
}

/** `file`: OTLP/JSON lines with size and age rotation (the embedded default). */
export const fileFactory: DestinationFactory<FileConfig, TelemetryBatch, string> = {
  type: 'file',
  schema: FileSchema,
  create(_name, config, context) {
    const { rotation } = config;
    return new FileDestination(
      new RotatingFile(context.resolvePath(config.path), { maxBytes: rotation.max_bytes, maxAgeMs: parseDuration(rotation.max_age) ?? 86_400_000, maxFiles: rotation.max_files, fsync: config.fsync }),
    );
  },
};
