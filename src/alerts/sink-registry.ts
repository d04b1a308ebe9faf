import { Value } from '@sinclair/typebox/value';
import { VigilError } from '../errors.js';
import type { AlertSinkFactory, AlertSinkSpec } from './alert-sinks.js';
import { emailFactory } from './email-sink.js';
import { pagerDutyFactory } from './pagerduty-sink.js';
import { slackFactory } from './slack-sink.js';
import { webhookFactory } from './webhook-sink.js';

/** Every alert sink type by the `type` half of its `type/name`. */
export const ALERT_SINK_FACTORIES: ReadonlyMap<string, AlertSinkFactory> = new Map<string, AlertSinkFactory>(
  ([webhookFactory, slackFactory, pagerDutyFactory, emailFactory] as AlertSinkFactory[]).map((factory) => [factory.type, factory]),
);

/**
 * The sinks of `alerts.sinks`, each section checked against its type's schema and filled with its
 * defaults; every problem (unknown type, unknown key, wrong type) is listed at once with its path.
 */
export function alertSinkSpecs(sections: Readonly<Record<string, unknown>>): AlertSinkSpec[] {
  const problems: string[] = [];
  const specs: AlertSinkSpec[] = [];
  for (const [name, section] of Object.entries(sections)) {
    const type = name.split('/')[0];
    const factory = ALERT_SINK_FACTORIES.get(type);
    if (factory === undefined) {
      problems.push(`/alerts/sinks/${name}: unknown alert sink type ${type} (known: ${[...ALERT_SINK_FACTORIES.keys()].join(', ')})`);
      continue;
    }
    const config = Value.Default(factory.schema, Value.Clone(section ?? {})) as Record<string, unknown>;
    const errors = [...Value.Errors(factory.schema, config)];
    for (const error of errors) problems.push(`/alerts/sinks/${name}${error.path}: ${error.message}`);
    if (errors.length === 0) specs.push({ name, factory, config });
  }
  if (problems.length > 0) throw new VigilError('VGL_CONFIG_INVALID', problems.map((p) => `  config: ${p}`).join('\n'));
  return specs;
}
