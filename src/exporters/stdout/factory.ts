import { Type, type Static } from '@sinclair/typebox';
import type { Destination, DestinationFactory, SendResult, TelemetryBatch } from '../component.js';
import { DeliverySchema } from '../helper/index.js';
import { jsonLine } from '../json-lines.js';

/** `exporters: stdout:` — OTLP/JSON lines on standard output (for a container's log collector). */
export const StdoutSchema = Type.Object({ ...DeliverySchema }, { additionalProperties: false, default: {} });

/** A stdout exporter's options as loaded. */
export type StdoutConfig = Static<typeof StdoutSchema>;

class StreamDestination implements Destination<TelemetryBatch, string> {
  constructor(private readonly out: NodeJS.WritableStream) {}

  encode(batch: TelemetryBatch): string {
    return jsonLine(batch);
  }

  send(line: string): Promise<SendResult<string>> {
    return new Promise((resolve) => {
      this.out.write(line, (error) => resolve(error ? { outcome: 'retry', reason: 'write_error' } : { outcome: 'sent' }));
    });
  }

  async close(): Promise<void> {}
}

/** `stdout`: every batch as one OTLP/JSON line on standard output. */
export const stdoutFactory: DestinationFactory<StdoutConfig, TelemetryBatch, string> = {
  type: 'stdout',
  schema: StdoutSchema,
  create: () => new StreamDestination(process.stdout),
};
