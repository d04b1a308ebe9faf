import { createHmac } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { clientFor, type Destination, type DestinationFactory, endpointOptions, resultFromError, resultFromResponse } from '../exporters/index.js';
import type { Alert } from './alert.js';
import { sendEach, type Messages } from './send-each.js';
import { sinkOptions } from './sink-options.js';

/** `alerts: sinks: webhook/<name>:` options. */
export const WebhookSchema = Type.Object(
  {
    ...endpointOptions('http://127.0.0.1:9000/vigil'),
    secret: Type.String({ default: '', description: 'HMAC-SHA256 key of the X-Vigil-Signature header (empty: unsigned)' }),
    ...sinkOptions(),
  },
  { additionalProperties: false, default: {} },
);

/** The options as loaded. */
export type WebhookConfig = Static<typeof WebhookSchema>;

/** The signature header: `sha256=<hex HMAC of "<timestamp>.<body>">`, the timestamp sent beside it (replay protection). */
function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The JSON one alert is posted as. */
function alertJson(alert: Alert): object {
  return { key: alert.key, action: alert.action, count: alert.count, first_ms: alert.firstMs, last_ms: alert.lastMs, context: alert.context, detection: alert.detection };
}

/** The `webhook` alert sink: each alert (or digest: `{"alerts":[…]}`) POSTed as JSON, signed. */
export const webhookFactory: DestinationFactory<WebhookConfig, readonly Alert[], Messages<string>> = {
  type: 'webhook',
  schema: WebhookSchema,
  create(_name, config, context): Destination<readonly Alert[], Messages<string>> {
    const client = clientFor(config, context);
    const post = async (body: string, signal: AbortSignal) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-vigil-timestamp': timestamp };
      if (config.secret !== '') headers['x-vigil-signature'] = webhookSignature(config.secret, timestamp, body);
      try {
        return resultFromResponse(await client.request({ path: '', body, headers }, signal), 1);
      } catch (error) {
        return resultFromError(error);
      }
    };
    return {
      encode: (alerts) => ({
        messages: config.digest.enabled ? [JSON.stringify({ alerts: alerts.map(alertJson) })] : alerts.map((a) => JSON.stringify(alertJson(a))),
      }),
      send: (request, signal) => sendEach(request, (body) => post(body, signal)),
      close: () => client.close(),
    };
  },
};
