import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

/** Whether the gateway can take traffic now, and why not. */
export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
  /** What works in a reduced way while ready (e.g. local state while Redis is unreachable). */
  readonly degraded?: readonly string[];
}

/** What the operations endpoints read from the running gateway. */
export interface AdminOptions {
  readonly registry: Registry;
  readonly readiness: () => Readiness;
  /** The loaded rules and the last reload's outcome, as JSON. */
  readonly rulesStatus: () => unknown;
  /** Recent detections, newest last. */
  readonly recentDetections: () => readonly unknown[];
}

/** Liveness and readiness, the two probes every listener answers. */
export function registerProbes(app: FastifyInstance, readiness: () => Readiness): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const state = readiness();
    const status = !state.ready ? 'not ready' : state.degraded?.length ? 'degraded' : 'ready';
    return reply.code(state.ready ? 200 : 503).send({ status, reasons: state.reasons, ...(state.degraded?.length && { degraded: state.degraded }) });
  });
}

/** The operations listener: probes, Prometheus metrics, rule status and recent detections. */
export const adminPlugin: FastifyPluginAsync<AdminOptions> = async (app, options) => {
  registerProbes(app, options.readiness);
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', options.registry.contentType);
    return options.registry.metrics();
  });
  app.get('/admin/rules', async () => options.rulesStatus());
  app.get('/admin/detections', async () => ({ detections: options.recentDetections() }));
};
