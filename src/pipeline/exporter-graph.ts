import type { VigilConfig } from '../config/index.js';
import {
  DeliveryHelper,
  deliverySettings,
  openQueue,
  telemetryBatch,
  type DeliveryConfig,
  type Destination,
  type DestinationContext,
  type TelemetryBatch,
  type TelemetrySignal,
} from '../exporters/index.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { ExporterSpec } from './exporter-configs.js';

type Helper = DeliveryHelper<TelemetryBatch, unknown>;

/**
 * The exporters of the pipelines, built from config: one destination per configured exporter
 * and one delivery helper (its own queue) per exporter and signal, so a dead logs downstream
 * never holds back traces and each pipeline's back-pressure is its own.
 */
export class ExporterGraph {
  private constructor(
    private readonly bySignal: ReadonlyMap<TelemetrySignal, readonly Helper[]>,
    private readonly destinations: readonly Destination<TelemetryBatch, unknown>[],
  ) {}

  /** Creates the destinations and opens (replaying) every queue; nothing is sent before start(). */
  static async build(config: VigilConfig, specs: ReadonlyMap<string, ExporterSpec>, context: DestinationContext, metrics: Metrics): Promise<ExporterGraph> {
    const destinations = new Map<string, Destination<TelemetryBatch, unknown>>();
    const bySignal = new Map<TelemetrySignal, Helper[]>();
    try {
      for (const signal of ['traces', 'logs'] as const) {
        const helpers: Helper[] = [];
        for (const name of config.pipelines[signal].exporters) {
          const spec = specs.get(name) as ExporterSpec;
          let destination = destinations.get(name);
          if (!destination) {
            destination = spec.factory.create(name, spec.config, context);
            destinations.set(name, destination);
          }
          const settings = deliverySettings(spec.config as unknown as DeliveryConfig);
          const dropped = (items: number, reason: string): void => metrics.exporterDropped.inc({ exporter: name, signal, reason }, items);
          const { queue, truncatedBytes } = await openQueue(`${name}/${signal}`, settings.queue, context.resolvePath, dropped);
          if (truncatedBytes > 0) context.logger.warn({ exporter: name, signal, bytes: truncatedBytes }, 'queue replay cut a torn record at its tail (a crash mid-append; that append was never acknowledged)');
          if (queue.stats().records > 0) context.logger.info({ exporter: name, signal, items: queue.stats().items }, 'queue holds undelivered items from before the restart; delivering them');
          helpers.push(new DeliveryHelper(name, signal, destination, queue, (records) => telemetryBatch(signal, records), settings, metrics, context.logger));
        }
        bySignal.set(signal, helpers);
      }
    } catch (error) {
      await new ExporterGraph(bySignal, [...destinations.values()]).stop();
      throw error;
    }
    return new ExporterGraph(bySignal, [...destinations.values()]);
  }

  /** The helpers a signal's batches are offered to. */
  helpers(signal: TelemetrySignal): readonly Helper[] {
    return this.bySignal.get(signal) ?? [];
  }

  /** Starts every delivery loop. */
  start(): void {
    for (const helpers of this.bySignal.values()) for (const helper of helpers) helper.start();
  }

  /** Why a pipeline cannot accept now (for /readyz); empty when all can. */
  blocked(): string[] {
    const reasons: string[] = [];
    for (const [signal, helpers] of this.bySignal) for (const helper of helpers) if (!helper.accepting) reasons.push(`${signal} pipeline: exporter ${helper.name} queue is full`);
    return reasons;
  }

  /** Stops the loops (what is in flight stays queued), then closes the destinations. */
  async stop(): Promise<void> {
    await Promise.all([...this.bySignal.values()].flat().map((helper) => helper.stop()));
    await Promise.all(this.destinations.map((destination) => destination.close()));
  }
}
