import type { Server as TlsServer } from 'node:tls';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/index.js';
import { ADMIN_API_PREFIX, adminApi, adminPlugin, isLoopback, registerProbes, type Readiness } from '../admin/index.js';
import { AlertSinks, alertSinkSpecs, FileSink, RecentSink, StreamSink, type DetectionSink } from '../alerts/index.js';
import { parseDuration, type VigilConfig } from '../config/index.js';
import { IngestAuth, otlpHttpPlugin, startGrpcReceiver, type GrpcReceiver } from '../receivers/otlp/index.js';
import { RuleReloader, RulesEngine } from '../rules/index.js';
import { createEnforcement } from '../enforce/wiring.js';
import { connectRedis, createEnforceState, createStateStore, type RedisClient } from '../store/index.js';
import { Metrics } from '../telemetry/metrics.js';
import { VigilError } from '../errors.js';
import { Admission } from './admission.js';
import { limitedServer, NODE_DEFAULT_LIMITS } from './http-server.js';
import { readTls, watchTls, type TlsFiles, type TlsMaterial } from './tls-files.js';
import { auditDetections, jsonHash, openAuditLog, ruleSetHash } from './audit-wiring.js';
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
// In-flight HTTP requests get this long to finish on stop before their connections are cut.
const STOP_DRAIN_MS = 5000;
// The admin list's memory, whatever the detections hold.
const RECENT_DETECTION_BYTES = 4 * 1024 * 1024;
// Log per incident, never per request: a request log line would cost more than the request.
const quietRequests = (): LogController => new LogController({ disableRequestLogging: true });

/** A listener's TLS files as configured, paths resolved; undefined when TLS is off. */
function tlsFilesOf(tls: VigilConfig['admin']['tls'], resolvePath: (path: string) => string): TlsFiles | undefined {
  if (!tls.enabled) return undefined;
  if (tls.cert_path === '' || tls.key_path === '') throw new VigilError('VGL_CONFIG_INVALID', '  tls.enabled needs cert_path and key_path');
  return { certPath: resolvePath(tls.cert_path), keyPath: resolvePath(tls.key_path), ...(tls.client_ca_path !== '' && { clientCaPath: resolvePath(tls.client_ca_path) }) };
}

/** Ingest without keys on an address others can reach lets anyone send forged telemetry: say so. */
function warnIfOpen(config: VigilConfig, auth: IngestAuth, logger: FastifyBaseLogger): void {
  if (auth.enabled) return;
  const { http, grpc } = config.receivers.otlp;
  const exposed = [http.enabled ? http.host : '', grpc.enabled ? grpc.host : ''].filter((h) => h !== '' && !isLoopback(h));
  if (exposed.length > 0) logger.warn({ hosts: exposed }, 'ingest listens beyond loopback without API keys: anyone who reaches it can send forged telemetry; set receivers.otlp.auth.tenants');
}

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
    private readonly parts: { admission: Admission; reloader: RuleReloader; consumer?: DetectionStage; ingest?: FastifyInstance; grpc?: GrpcReceiver; admin?: FastifyInstance; sinks: DetectionSink[]; redis?: RedisClient; exporters?: ExporterGraph; audit?: AuditLog; tlsWatchers: (() => void)[] },
  ) {}

  /** The audit trail (undefined when audit.enabled is false): record(kind, fields) appends to it. */
  get audit(): AuditLog | undefined {
    return this.parts.audit;
  }

  /** Loads the rules and starts every enabled listener. */
  static async start(config: VigilConfig, options: GatewayOptions): Promise<Gateway> {
    if (config.admin.enabled && !isLoopback(config.admin.host) && config.admin.tokens.length === 0) {
      throw new VigilError('VGL_CONFIG_INVALID', `  /admin/host: ${config.admin.host} is not a loopback address, so /admin/tokens must list at least one token`);
    }
    const { limits } = config.receivers.otlp;
    const metrics = new Metrics({ processMetrics: options.processMetrics });
    const specs = exporterSpecs(config); // a bad exporter section stops startup before anything opens
    const alertSpecs = alertSinkSpecs(config.alerts.sinks);
    const tlsFiles = { http: tlsFilesOf(config.receivers.otlp.http.tls, options.resolvePath), grpc: tlsFilesOf(config.receivers.otlp.grpc.tls, options.resolvePath), admin: tlsFilesOf(config.admin.tls, options.resolvePath) };
    const httpTls = tlsFiles.http && readTls(tlsFiles.http);
    const ingest = Fastify({
      logger: { level: config.logging.level },
      logController: quietRequests(),
      bodyLimit: limits.max_body_bytes,
      serverFactory: limitedServer(
        { headerTimeoutMs: parseDuration(limits.header_timeout)!, requestTimeoutMs: parseDuration(limits.request_timeout)!, idleTimeoutMs: parseDuration(limits.idle_timeout)!, maxConnections: limits.max_connections },
        () => metrics.connectionsDropped.inc({ listener: 'otlp_http' }),
        httpTls,
      ),
    });
    const logger = ingest.log;
    const audit = openAuditLog(config, options.resolvePath, logger);
    audit?.record('config.loaded', { actor: 'gateway', hash: jsonHash(config) });
    const redis = config.rules.state.backend === 'redis' ? connectRedis(config.rules.state.redis) : undefined;
    // A Redis that is down at start is not fatal: calls fail fast and reconnection is automatic.
    redis?.on('error', (error: Error) => logger.debug({ err: error }, 'redis error'));
    const latenessMs = parseDuration(config.rules.lateness) ?? 0;
    let degraded = false;
    const store = createStateStore(
      config.rules.state,
      {
        onEvict: (kind, n) => metrics.stateEvictions.inc({ kind }, n),
        onDegraded: (now) => {
          if (now) metrics.stateDegradedBatches.inc();
          if (now !== degraded) logger.warn({ degraded: now }, now ? 'redis unreachable: windows and sequences run on local state (detections marked degraded)' : 'redis reachable again: shared state resumed');
          degraded = now;
          metrics.stateDegraded.set(now ? 1 : 0);
        },
      },
      redis,
      latenessMs,
    );
    const engine = new RulesEngine([], {
      store,
      latenessMs,
      maxSkewMs: parseDuration(config.rules.max_skew) ?? 0,
      futureEvents: config.rules.future_events,
      maxEventsPerDetection: config.rules.max_events_per_detection,
      metrics: engineMetrics(metrics),
    });
    const reloader = new RuleReloader(config.rules.paths.map(options.resolvePath), (rules) => engine.swap(rules), (status) => {
      audit?.record('rules.reload', { actor: 'gateway', hash: ruleSetHash(status.files), result: status.ok ? 'ok' : 'error', rules: status.rules, files: status.files.length, errors: status.diagnostics.length });
      metrics.ruleReloads.inc({ result: status.ok ? 'ok' : 'error' });
      metrics.ruleReloadSuccess.set(status.ok ? 1 : 0);
      if (status.ok) logger.info({ rules: status.rules, files: status.files.length }, 'rules loaded');
      else logger.error({ diagnostics: status.diagnostics }, 'rules did not compile; the previous rules stay in force');
    }, { maxBytes: config.rules.max_bytes, timeoutMs: 60_000 });
    const loaded = await reloader.reload();
    if (!loaded.ok) {
      audit?.close();
      await ingest.close();
      throw new VigilError('VGL_RULES_INVALID', loaded.diagnostics.join('\n'));
    }
    if (config.rules.watch) reloader.watch((error) => logger.warn({ err: error }, 'rule watch failed'));

    const recent = new RecentSink(RECENT_DETECTIONS, RECENT_DETECTION_BYTES);
    const sinks: DetectionSink[] = [recent];
    if (config.alerts.file.enabled) sinks.push(await FileSink.open(options.resolvePath(config.alerts.file.path), metrics, logger));
    if (config.alerts.stdout) sinks.push(new StreamSink(process.stdout));
    const admission = new Admission(limits.max_in_flight, limits.retry_after_seconds);
    let exporters: ExporterGraph;
    try {
      if (alertSpecs.length > 0) sinks.push(await AlertSinks.open(alertSpecs, { resolvePath: options.resolvePath, logger, metrics }));
      exporters = await ExporterGraph.build(config, specs, { resolvePath: options.resolvePath, logger }, metrics);
    } catch (error) {
      reloader.close();
      await Promise.all(sinks.map((sink) => sink.close()));
      await ingest.close();
      redis?.disconnect();
      audit?.close();
      throw error;
    }
    const forward = new ForwardStage(config, exporters);
    const enforcement = createEnforcement({ config: config.enforce, engine: () => engine, sinks, ...createEnforceState(config.rules.state, redis), registry: metrics.registry, logger });
    const gate = config.enforce.enabled ? enforcement.enforcer : undefined;
    const consumer = new DetectionStage({
      engine: () => engine,
      sinks,
      metrics,
      redactSecrets: config.annotate.redact_secrets,
      sessionWaitMs: latenessMs / 2,
      gate,
      next: forward,
      onDetections:
        audit &&
        auditDetections(audit, (error) => {
          metrics.auditWriteErrors.inc();
          logger.error({ err: error }, 'audit record could not be written');
        }),
    });
    const auth = new IngestAuth(config.receivers.otlp.auth.header, config.receivers.otlp.auth.tenants.map((t) => ({ tenant: t.id, keySha256: t.key_sha256 })));
    warnIfOpen(config, auth, logger);
    const receiverOptions = {
      auth,
      consumer,
      admission,
      metrics,
      logger,
      limits: { maxBodyBytes: limits.max_body_bytes, maxDecompressedBytes: limits.max_decompressed_bytes },
    };
    const parts: Gateway['parts'] = { admission, reloader, consumer, sinks, redis, exporters, audit, tlsWatchers: [] };
    // A renewed certificate is taken up by new connections without a restart.
    const reloadTls = (files: TlsFiles, apply: (material: TlsMaterial) => void): void => {
      parts.tlsWatchers.push(watchTls(files, (material) => {
        apply(material);
        logger.info({ cert: files.certPath }, 'TLS certificate reloaded');
      }, (error) => logger.error({ err: error }, 'TLS certificate reload failed; the previous one stays')));
    };
    const addresses: { http?: string; grpc?: string; admin?: string } = {};
    const readiness = (): Readiness => {
      const reasons = [
        admission.isClosed ? 'shutting down' : '',
        admission.inFlight >= admission.maxInFlight ? 'at the in-flight limit: ingest answers 429' : '',
        reloader.status().last === undefined ? 'rules not loaded' : '',
        ...exporters.blocked(),
      ].filter(Boolean);
      // Degraded state keeps the gateway ready: ingest must go on while Redis is away.
      const notes = redis !== undefined && (degraded || redis.status !== 'ready') ? [`state backend redis unreachable (${redis.status}): windows and sequences on local state`] : [];
      return { ready: reasons.length === 0, reasons, degraded: notes };
    };
    try {
      const { http, grpc } = config.receivers.otlp;
      if (http.enabled) {
        registerProbes(ingest, readiness);
        await enforcement.register(ingest);
        await ingest.register(otlpHttpPlugin, receiverOptions);
        addresses.http = (await ingest.listen({ host: http.host, port: http.port })).replace(/^http:/, httpTls ? 'https:' : 'http:');
        parts.ingest = ingest;
        if (tlsFiles.http) reloadTls(tlsFiles.http, (m) => (ingest.server as unknown as TlsServer).setSecureContext(m));
      }
      if (grpc.enabled) {
        parts.grpc = await startGrpcReceiver({ ...receiverOptions, host: grpc.host, port: grpc.port, ...(tlsFiles.grpc && { tls: readTls(tlsFiles.grpc) }) });
        addresses.grpc = `${grpc.host}:${parts.grpc.port}`;
      }
      if (config.admin.enabled) {
        const adminTls = tlsFiles.admin && readTls(tlsFiles.admin);
        const admin = Fastify({ loggerInstance: logger, logController: quietRequests(), serverFactory: limitedServer(NODE_DEFAULT_LIMITS, () => metrics.connectionsDropped.inc({ listener: 'admin' }), adminTls) });
        await admin.register(adminPlugin, {
          registry: metrics.registry,
          readiness,
          rulesStatus: () => rulesStatus(reloader),
          recentDetections: () => recent.recent(),
        });
        await admin.register(adminApi, {
          prefix: ADMIN_API_PREFIX,
          tokens: config.admin.tokens,
          flags: enforcement.flags,
          pauseMs: parseDuration(config.enforce.pause_duration) ?? 0,
          sessions: (limit) => enforcement.risk.riskiest(limit),
          detections: () => recent.recent().map((detection) => ({ detection, session: enforcement.sessions.sessionOf(detection) })),
          rulesStatus: () => rulesStatus(reloader),
        });
        addresses.admin = (await admin.listen({ host: config.admin.host, port: config.admin.port })).replace(/^http:/, adminTls ? 'https:' : 'http:');
        parts.admin = admin;
        if (tlsFiles.admin) reloadTls(tlsFiles.admin, (m) => (admin.server as unknown as TlsServer).setSecureContext(m));
      }
    } catch (error) {
      await new Gateway(addresses, metrics, logger, parts).stop();
      throw error;
    }
    exporters.start();
    audit?.record('gateway.start', { actor: 'gateway', addresses });
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
      const { admission, reloader, consumer, ingest, grpc, admin, sinks, redis, exporters, audit, tlsWatchers } = this.parts;
      admission.close();
      for (const stopWatching of tlsWatchers) stopWatching();
      reloader.close();
      // Idle keep-alive sockets close at once; a client holding a request open is cut after the drain time.
      const cut = setTimeout(() => ingest?.server.closeAllConnections(), STOP_DRAIN_MS);
      await Promise.all([ingest?.close(), grpc?.close()]);
      clearTimeout(cut);
      // Events still waiting for their trace's session are evaluated before the sinks close.
      await consumer?.flush();
      await Promise.all(sinks.map((sink) => sink.close()));
      await exporters?.stop();
      await admin?.close();
      redis?.disconnect();
      // Last: every detection of the drained requests is in the trail before the segment is sealed.
      audit?.record('gateway.stop', { actor: 'gateway' });
      audit?.close();
    })();
    return this.stopping;
  }
}
