import type { EngineMetrics, RuleReloader } from '../rules/index.js';
import type { Metrics } from '../telemetry/metrics.js';

/** The engine's counters, fed into the gateway's Prometheus metrics. */
export function engineMetrics(metrics: Metrics): EngineMetrics {
  return {
    ruleError: (rule) => metrics.ruleErrors.inc({ rule }),
    detection: (d) => metrics.detections.inc({ rule: d.ruleId, severity: d.severity }),
    rulesLoaded: (counts) => {
      for (const [kind, n] of Object.entries(counts)) metrics.rulesLoaded.set({ kind }, n);
    },
    stateError: () => metrics.stateErrors.inc(),
    evicted: (kind, n) => metrics.stateEvictions.inc({ kind }, n),
    redelivered: (n) => metrics.redeliveredEvents.inc(n),
    future: (n) => metrics.futureEvents.inc(n),
  };
}

/** /admin/rules: the rules in force and the last reload's outcome. */
export function rulesStatus(reloader: RuleReloader): unknown {
  const { last, rules } = reloader.status();
  return {
    last_reload: last ?? null,
    rules: rules.map((r) => ({ id: r.id, title: r.title, kind: r.kind, severity: r.severity, score: r.score, tags: r.tags, actions: r.actions, source: r.source })),
  };
}
