import { parseDuration } from '../../config/index.js';
import type { Destination, DestinationFactory, SendResult, TelemetryBatch } from '../component.js';
import { jsonLine } from '../json-lines.js';
import { FileSchema, type FileConfig } from './config.js';
import { RotatingFile } from './rotating-file.js';

/**
 * Appends each input, encoded as text, to a rotating file; writes are serialised so several
 * queues (traces and logs, or detections) can share one file. A write error is a retry, never fatal.
 */
export class LineFileDestination<Input> implements Destination<Input, string> {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: RotatingFile,
    private readonly lines: (input: Input) => string,
  ) {}

  encode(input: Input): string {
    return this.lines(input);
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
    const file = new RotatingFile(context.resolvePath(config.path), { maxBytes: rotation.max_bytes, maxAgeMs: parseDuration(rotation.max_age) ?? 86_400_000, maxFiles: rotation.max_files, fsync: config.fsync });
    return new LineFileDestination<TelemetryBatch>(file, jsonLine);
  },
};
