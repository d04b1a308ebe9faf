import { parseDuration } from '../config/index.js';
import type { AgentEvent } from '../event/index.js';
import { type DeliveryConfig, DeliveryHelper, deliverySettings, type Destination, type DestinationContext, type DestinationFactory, openQueue, type QueuedRecord } from '../exporters/index.js';
import type { Detection } from '../rules/index.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { Alert } from './alert.js';
import { alertContext, eventsByKey } from './alert-context.js';
import { routePredicate, type RouteConfig } from './routing.js';
import type { DetectionSink } from './sink.js';
import type { SinkOptionsConfig } from './sink-options.js';
import { Throttle } from './throttle.js';

/** A factory of any alert sink: takes a batch of alerts. */
export type AlertSinkFactory = DestinationFactory<object, readonly Alert[], unknown>;

/** One configured sink: its `type/name`, factory and validated options. */
export interface AlertSinkSpec {
  readonly name: string;
  readonly factory: AlertSinkFactory;
  readonly config: Readonly<Record<string, unknown>>;
}

/** What the sinks use from the gateway. */
export interface AlertSinksOptions extends DestinationContext {
  readonly metrics: Metrics;
  /** Wall-clock time (tests pass their own). */
  readonly now?: () => number;
  /** How often throttle windows, resolutions and digests are looked at. */
  readonly tickMs?: number;
}

interface RunningSink {
  readonly name: string;
  readonly route: (detection: Detection) => boolean;
  readonly throttle: Throttle;
  readonly helper: DeliveryHelper<readonly Alert[], unknown>;
  readonly digestMs: number;
  digest: Alert[];
  digestStartMs: number;
}

// A queued record holds a JSON array of alerts; a batch of records is their concatenation.
const assemble = (records: readonly QueuedRecord[]): Alert[] => records.flatMap((r) => JSON.parse(Buffer.from(r.payload).toString('utf8')) as Alert[]);

/** Builds one sink (the destination first: a bad config fails before a queue is opened) and starts its delivery. */
async function openSink(spec: AlertSinkSpec, options: AlertSinksOptions): Promise<RunningSink> {
  const config = spec.config as unknown as SinkOptionsConfig & DeliveryConfig;
  const name = `alerts/${spec.name}`;
  const settings = deliverySettings(config);
  const destination = spec.factory.create(spec.name, spec.config, options) as Destination<readonly Alert[], unknown>;
  const { queue } = await openQueue(name, settings.queue, options.resolvePath, (n, reason) => options.metrics.exporterDropped.inc({ exporter: name, signal: 'alerts', reason }, n)).catch(async (error: unknown) => {
    await destination.close();
    throw error;
  });
  const helper = new DeliveryHelper<readonly Alert[], unknown>(name, 'alerts', destination, queue, assemble, settings, options.metrics, options.logger);
  helper.start();
  const ms = (text: string) => parseDuration(text) ?? 0;
  return {
    name,
    route: routePredicate(config.route as RouteConfig),
    throttle: new Throttle({ windowMs: ms(config.throttle.window), resolveAfterMs: ms(config.throttle.resolve_after), maxKeys: config.throttle.max_keys }),
    helper,
    digestMs: config.digest?.enabled ? ms(config.digest.interval) : 0,
    digest: [],
    digestStartMs: 0,
  };
}

/**
 * The alert sinks as one detection sink: each routes the detections it wants, folds repeats into
 * alerts (throttle), gathers digests, and queues the alerts behind the shared delivery helper (disk
 * queue, retries, metrics under `alerts/<type>/<name>`).
 */
export class AlertSinks implements DetectionSink {
  private readonly pending = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly sinks: readonly RunningSink[], private readonly options: AlertSinksOptions) {
    this.timer = setInterval(() => this.tick(), options.tickMs ?? 1000).unref();
  }

  /** Builds and starts every configured sink (a disk queue replays what it held). */
  static async open(specs: readonly AlertSinkSpec[], options: AlertSinksOptions): Promise<AlertSinks> {
    const sinks: RunningSink[] = [];
    try {
      for (const spec of specs) sinks.push(await openSink(spec, options));
    } catch (error) {
      await Promise.all(sinks.map((sink) => sink.helper.stop()));
      throw error;
    }
    return new AlertSinks(sinks, options);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * Routes and folds the detections of one batch (`events`, the batch, gives alerts their context);
   * resolves once their alerts are queued. A full queue is counted and logged, never thrown: an
   * alert channel that is down must not refuse the telemetry itself.
   */
  write(detections: readonly Detection[], events: readonly AgentEvent[] = []): Promise<void> {
    const byKey = eventsByKey(events);
    const now = this.now();
    for (const detection of detections) {
      let context;
      for (const sink of this.sinks) {
        if (!sink.route(detection)) continue;
        context ??= alertContext(detection, byKey);
        this.push(sink, sink.throttle.offer(detection, context, now), now);
      }
    }
    return this.settled();
  }

  private async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Folded repeats, resolutions and due digests; run by the timer (tests call it). */
  tick(): void {
    const now = this.now();
    for (const sink of this.sinks) {
      this.push(sink, sink.throttle.tick(now), now);
      if (sink.digest.length > 0 && now - sink.digestStartMs >= sink.digestMs) this.enqueue(sink, sink.digest.splice(0));
    }
  }

  private push(sink: RunningSink, alerts: readonly Alert[], now: number): void {
    if (alerts.length === 0) return;
    if (sink.digestMs === 0) return this.enqueue(sink, alerts);
    if (sink.digest.length === 0) sink.digestStartMs = now;
    sink.digest.push(...alerts);
  }

  private enqueue(sink: RunningSink, alerts: readonly Alert[]): void {
    // A full queue is counted by the helper (refused, by reason) and logged; the engine goes on.
    const offered = sink.helper
      .offer(Buffer.from(JSON.stringify(alerts)), alerts.length)
      .catch((error: unknown) => this.options.logger.warn({ err: error, sink: sink.name }, 'alert sink could not queue alerts'))
      .finally(() => this.pending.delete(offered));
    this.pending.add(offered);
  }

  /** False while a sink's queue has no room. */
  get accepting(): boolean {
    return this.sinks.every((sink) => sink.helper.accepting);
  }

  /** Queues open digests, waits for queue writes, stops delivery (what is queued on disk is sent after a restart). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const sink of this.sinks) if (sink.digest.length > 0) this.enqueue(sink, sink.digest.splice(0));
    await this.settled();
    await Promise.all(this.sinks.map((sink) => sink.helper.stop()));
  }
}
