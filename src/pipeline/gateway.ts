import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { adminPlugin, registerProbes, type Readiness } from '../admin/index.js';
import { AlertSinks, alertSinkSpecs, FileSink, RecentSink, StreamSink, type DetectionSink } from '../alerts/index.js';
import { parseDuration, type VigilConfig } from '../config/index.js';
import { otlpHttpPlugin, startGrpcReceiver, type GrpcReceiver } from '../receivers/otlp/index.js';
import { RuleReloader, RulesEngine } from '../rules/index.js';
import { createStateStore } from '../store/index.js';
import { Metrics } from '../telemetry/metrics.js';
import { VigilError } from '../errors.js';
import { Admission } from './admission.js';
import { DetectionStage } from './detect.js';
import { exporterSpecs } from './exporter-configs.js';
import { ExporterGraph } from './exporter-graph.js';
import { ForwardStage } from './forward.js';
import { engineMetrics, rulesStatus } from './rules-wiring.js';

/** What a gateway needs besides its configuration. */
export interface GatewayOptions {
  /** Resolves relative paths of the configuration (rules, alert files). */
  readonly resolvePath: (path: string) => string;
  /** Off in tests that start several gateways in one process. */
  readonly processMetrics?: boolean;
}

/** The addresses a started gateway listens on (port 0 in the config gives an ephemeral one). */
export interface GatewayAddresses {
  readonly http?: string;
  readonly grpc?: string;
  readonly admin?: string;
}

const RECENT_DETECTIONS = 1000;
// Log per incident, never per request: a request log line would cost more than the request.
const quietRequests = (): LogController => new LogController({ disableRequestLogging: true });

/**
 * The running gateway: receivers → detection stage (rules, annotation; detections to the sinks) →
 * each signal's pipeline (filter → exporters' queues), plus the ops listener. Starting fails fast with every problem listed; stop() drains and is idempotent.
 */
export class Gateway {
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly addresses: GatewayAddresses,
    readonly metrics: Metrics,
    readonly logger: FastifyBaseLogger,
    private readonly parts: { admission: Admission; reloader: RuleReloader; ingest?: FastifyInstance; grpc?: GrpcReceiver; admin?: FastifyInstance; sinks: DetectionSink[]; exporters?: ExporterGraph },
  ) {}

  /** Loads the rules and starts every enabled listener. */
  static async start(config: VigilConfig, options: GatewayOptions): Promise<Gateway> {
    const metrics = new Metrics({ processMetrics: options.processMetrics });
    const specs = exporterSpecs(config); // a bad exporter section stops startup before anything opens
    const alertSpecs = alertSinkSpecs(config.alerts.sinks);
    const ingest = Fastify({ logger: { level: config.logging.level }, logController: quietRequests(), bodyLimit: config.receivers.otlp.limits.max_body_bytes });
    const logger = ingest.log;
    const store = createStateStore(config.rules.state, (kind, n) => metrics.stateEvictions.inc({ kind }, n));
    const engine = new RulesEngine([], {
      store,
      latenessMs: parseDuration(config.rules.lateness) ?? 0,
      maxEventsPerDetection: config.rules.max_events_per_detection,
      metrics: engineMetrics(metrics),
    });
    const reloader = new RuleReloader(config.rules.paths.map(options.resolvePath), (rules) => engine.swap(rules), (status) => {
      metrics.ruleReloads.inc({ result: status.ok ? 'ok' : 'error' });
      metrics.ruleReloadSuccess.set(status.ok ? 1 : 0);
      if (status.ok) logger.info({ rules: status.rules, files: status.files.length }, 'rules loaded');
      else logger.error({ diagnostics: status.diagnostics }, 'rules did not compile; the previous rules stay in force');
    });
    const loaded = await reloader.reload();
    if (!loaded.ok) {
      await ingest.close();
      throw new VigilError('VGL_RULES_INVALID', loaded.diagnostics.join('\n'));
    }
    if (config.rules.watch) reloader.watch((error) => logger.warn({ err: error }, 'rule watch failed'));

    const recent = new RecentSink(RECENT_DETECTIONS);
    const sinks: DetectionSink[] = [recent];
    if (config.alerts.file.enabled) sinks.push(await FileSink.open(options.resolvePath(config.alerts.file.path), metrics, logger));
    if (config.alerts.stdout) sinks.push(new StreamSink(process.stdout));
    const { limits } = config.receivers.otlp;
    const admission = new Admission(limits.max_in_flight, limits.retry_after_seconds);
    let exporters: ExporterGraph;
    try {
      if (alertSpecs.length > 0) sinks.push(await AlertSinks.open(alertSpecs, { resolvePath: options.resolvePath, logger, metrics }));
      exporters = await ExporterGraph.build(config, specs, { resolvePath: options.resolvePath, logger }, metrics);
    } catch (error) {
      reloader.close();
      await Promise.all(sinks.map((sink) => sink.close()));
      await ingest.close();
      throw error;
    }
    const forward = new ForwardStage(config, exporters);
    const consumer = new DetectionStage({ engine: () => engine, sinks, metrics, redactSecrets: config.annotate.redact_secrets, next: forward });
    const receiverOptions = {
      consumer,
      admission,
      metrics,
      logger,
      limits: { maxBodyBytes: limits.max_body_bytes, maxDecompressedBytes: limits.max_decompressed_bytes },
    };
    const parts: Gateway['parts'] = { admission, reloader, sinks, exporters };
    const addresses: { http?: string; grpc?: string; admin?: string } = {};
    const readiness = (): Readiness => {
      const reasons = [admission.isClosed ? 'shutting down' : '', reloader.status().last === undefined ? 'rules not loaded' : '', ...exporters.blocked()].filter(Boolean);
      return { ready: reasons.length === 0, reasons };
    };
    try {
      const { http, grpc } = config.receivers.otlp;
      if (http.enabled) {
        registerProbes(ingest, readiness);
        await ingest.register(otlpHttpPlugin, receiverOptions);
        addresses.http = await ingest.listen({ host: http.host, port: http.port });
        parts.ingest = ingest;
      }
      if (grpc.enabled) {
        parts.grpc = await startGrpcReceiver({ ...receiverOptions, host: grpc.host, port: grpc.port });
        addresses.grpc = `${grpc.host}:${parts.grpc.port}`;
      }
      if (config.admin.enabled) {
        const admin = Fastify({ loggerInstance: logger, logController: quietRequests() });
        await admin.register(adminPlugin, {
          registry: metrics.registry,
          readiness,
          rulesStatus: () => rulesStatus(reloader),
          recentDetections: () => recent.recent(),
        });
        addresses.admin = await admin.listen({ host: config.admin.host, port: config.admin.port });
        parts.admin = admin;
      }
    } catch (error) {
      await new Gateway(addresses, metrics, logger, parts).stop();
      throw error;
    }
    exporters.start();
    logger.info({ addresses }, 'vigil listening');
    return new Gateway(addresses, metrics, logger, parts);
  }

  /** Recompiles the rules (SIGHUP). */
  reloadRules(): Promise<unknown> {
    return this.parts.reloader.reload();
  }

  /** Stops taking requests, lets those in flight finish, flushes the sinks; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const { admission, reloader, ingest, grpc, admin, sinks, exporters } = this.parts;
      admission.close();
      reloader.close();
      await Promise.all([ingest?.close(), grpc?.close()]);
      await Promise.all(sinks.map((sink) => sink.close()));
      await exporters?.stop();
      await admin?.close();
    })();
    return this.stopping;
  }
}
