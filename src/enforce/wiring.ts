import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { DetectionSink } from '../alerts/index.js';
import { parseDuration, type VigilConfig } from '../config/index.js';
import type { RulesEngine } from '../rules/index.js';
import type { CallMemory } from './call-memory.js';
import { checkPlugin } from './check-plugin.js';
import { EnforceMetrics } from './enforce-metrics.js';
import { Enforcer } from './enforcer.js';
import { FlagActions } from './flag-actions.js';
import type { FlagStore } from './flag.js';
import { SessionIndex } from './session-index.js';
import { SessionRisk } from './session-risk.js';

/** What enforcement needs from the composition root. */
export interface EnforcementOptions {
  readonly config: VigilConfig['enforce'];
  readonly engine: () => RulesEngine;
  /** The gateway's detection sinks; the flag-action sink is added to it. */
  readonly sinks: DetectionSink[];
  readonly flags: FlagStore;
  readonly calls: CallMemory;
  readonly registry: Registry;
  readonly logger: FastifyBaseLogger;
}

/** The running enforcement: the enforcer (also the detection stage's batch gate) and its routes. */
export interface Enforcement {
  readonly enforcer: Enforcer;
  readonly flags: FlagStore;
  /** Which session a detection belongs to. */
  readonly sessions: SessionIndex;
  /** Sessions by risk, from this gateway's detections. */
  readonly risk: SessionRisk;
  /** Adds `/v1/check` and `/v1/hooks/<agent>` to the ingest listener. */
  register(app: FastifyInstance): Promise<void>;
}

const ms = (text: string): number => parseDuration(text) ?? 0;

/** Builds enforcement from `enforce:`; the flag-action and session-risk sinks join `sinks`. */
export function createEnforcement(options: EnforcementOptions): Enforcement {
  const { config, logger } = options;
  const metrics = new EnforceMetrics(options.registry);
  const sessions = new SessionIndex();
  const risk = new SessionRisk(sessions);
  const flagActions = new FlagActions(sessions, options.flags, ms(config.pause_duration), (error) => {
    metrics.flagErrors.inc();
    logger.error({ err: error }, 'a rule action could not set its flag');
  });
  options.sinks.push(flagActions, risk);
  const enforcer = new Enforcer({
    engine: options.engine,
    flags: options.flags,
    calls: options.calls,
    flagActions,
    sessions,
    sinks: options.sinks,
    failurePolicy: config.failure_policy,
    timeoutMs: ms(config.timeout),
    callTtlMs: ms(config.call_memory),
    onVerdict: (verdict, _action, elapsedMs) => {
      metrics.duration.observe(elapsedMs / 1000);
      if (verdict.reasons.some((r) => r.type === 'failure')) metrics.failures.inc({ policy: config.failure_policy });
      if (verdict.decision !== 'allow') logger.info({ decision: verdict.decision, id: verdict.id, reasons: verdict.reasons }, 'pre-action check refused');
    },
  });
  return {
    enforcer,
    flags: options.flags,
    sessions,
    risk,
    register: async (app) => {
      if (!config.enabled) return;
      await app.register(checkPlugin, {
        enforcer,
        hookMode: config.hooks.mode,
        onCheck: (verdict) => metrics.verdicts.inc({ decision: verdict.decision, source: 'check' }),
        onHook: (agent, verdict, enforced) => {
          metrics.verdicts.inc({ decision: verdict.decision, source: `${enforced ? 'hook' : 'monitor'}:${agent}` });
          if (!enforced && verdict.decision !== 'allow') logger.info({ agent, would: verdict.decision, id: verdict.id, reasons: verdict.reasons }, 'monitor mode: hook verdict not enforced');
        },
      });
    },
  };
}
