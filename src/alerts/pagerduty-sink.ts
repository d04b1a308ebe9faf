import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { clientFor, type Destination, type DestinationFactory, endpointOptions, resultFromError, resultFromResponse } from '../exporters/index.js';
import type { Alert } from './alert.js';
import { alertTitle } from './alert-text.js';
import { sendEach, type Messages } from './send-each.js';
import { commonOptions } from './sink-options.js';

/** `alerts: sinks: pagerduty/<name>:` options. */
export const PagerDutySchema = Type.Object(
  {
    ...endpointOptions('https://events.pagerduty.com'),
    routing_key: Type.String({ default: '', description: 'integration key of the Events API v2 service' }),
    source: Type.String({ minLength: 1, default: 'vigil', description: 'payload.source: where the incident happened' }),
    ...commonOptions('1h'),
  },
  { additionalProperties: false, default: {} },
);

/** The options as loaded. */
export type PagerDutyConfig = Static<typeof PagerDutySchema>;

const SEVERITY: Readonly<Record<string, string>> = { critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info' };

/** The dedup_key of an alert: its rule and group (hashed past PagerDuty's 255 characters). */
function dedupKey(alert: Alert): string {
  return alert.key.length <= 255 ? alert.key : `${alert.detection.ruleId.slice(0, 180)}|${createHash('sha256').update(alert.key).digest('hex')}`;
}

/** One Events API v2 event: a trigger with the alert's details, or a resolve of its dedup_key. */
function pagerDutyEvent(alert: Alert, routingKey: string, source: string): object {
  if (alert.action === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey(alert) };
  const { detection, context } = alert;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey(alert),
    client: 'Vigil',
    payload: {
      summary: alertTitle(alert).slice(0, 1024),
      source: context.agent || source,
      severity: SEVERITY[detection.severity] ?? 'info',
      timestamp: new Date(alert.lastMs).toISOString(),
      component: context.tool || undefined,
      group: context.session || undefined,
      class: detection.ruleId,
      custom_details: { ...context, rule_title: detection.title, tags: detection.tags, count: alert.count, detection_id: detection.id, group_values: detection.group },
    },
  };
}

/** The `pagerduty` alert sink: Events API v2, one event per alert, dedup_key per rule and group. */
export const pagerDutyFactory: DestinationFactory<PagerDutyConfig, readonly Alert[], Messages<string>> = {
  type: 'pagerduty',
  schema: PagerDutySchema,
  create(_name, config, context): Destination<readonly Alert[], Messages<string>> {
    const client = clientFor(config, context);
    const post = async (body: string, signal: AbortSignal) => {
      try {
        return resultFromResponse(await client.request({ path: '/v2/enqueue', body, headers: { 'content-type': 'application/json' } }, signal), 1);
      } catch (error) {
        return resultFromError(error);
      }
    };
    return {
      encode: (alerts) => ({ messages: alerts.map((a) => JSON.stringify(pagerDutyEvent(a, config.routing_key, config.source))) }),
      send: (request, signal) => sendEach(request, (body) => post(body, signal)),
      close: () => client.close(),
    };
  },
};
