import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DeliveryHelper, DeliverySchema, deliverySettings, LineFileDestination, openQueue, RotatingFile, type DeliveryConfig, type DeliveryLogger } from '../exporters/index.js';
import type { Detection } from '../rules/index.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { DetectionSink } from './sink.js';

const NAME = 'alerts/file';
// The detections file is never rotated (as before); the shared delivery defaults apply otherwise.
const NO_ROTATION = { maxBytes: Number.MAX_SAFE_INTEGER, maxAgeMs: Number.POSITIVE_INFINITY, maxFiles: 1, fsync: true };

/**
 * Appends every detection as one JSON line to a local file (the embedded default sink), through
 * the delivery helper: write() resolves once the detections are in the disk queue (so a request
 * answered 200 keeps its detections across a SIGKILL), and the file itself is written and synced
 * by the delivery loop. A write error (disk full, a directory in the file's place) is counted and
 * retried, never fatal. The queue lives in `queue/alerts_file_detections` beside the file.
 */
export class FileSink implements DetectionSink {
  private constructor(
    readonly path: string,
    private readonly helper: DeliveryHelper<string, string>,
    private readonly destination: LineFileDestination<string>,
  ) {}

  /** Opens the sink and its queue (replaying detections queued before a restart). */
  static async open(path: string, metrics: Metrics, logger: DeliveryLogger): Promise<FileSink> {
    // Detections are few: each goes out as soon as it is queued (what is queued meanwhile joins it).
    const settings = deliverySettings(Value.Default(Type.Object(DeliverySchema), { batch: { flush_interval: '0ms' } }) as DeliveryConfig);
    const queueSettings = { ...settings.queue, directory: join(dirname(path), 'queue') };
    const { queue } = await openQueue(`${NAME}/detections`, queueSettings, (p) => p, (items, reason) => metrics.exporterDropped.inc({ exporter: NAME, signal: 'detections', reason }, items));
    const destination = new LineFileDestination<string>(new RotatingFile(path, NO_ROTATION), (lines) => lines);
    const helper = new DeliveryHelper(NAME, 'detections', destination, queue, (records) => records.map((r) => r.payload.toString('utf8')).join(''), settings, metrics, logger);
    helper.start();
    return new FileSink(path, helper, destination);
  }

  write(detections: readonly Detection[]): Promise<void> | void {
    if (detections.length === 0) return;
    return this.helper.offer(Buffer.from(detections.map((d) => JSON.stringify(d) + '\n').join('')), detections.length);
  }

  async close(): Promise<void> {
    await this.helper.stop();
    await this.destination.close();
  }
}
