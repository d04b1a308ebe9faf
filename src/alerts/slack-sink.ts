import { Type, type Static } from '@sinclair/typebox';
import { clientFor, type Destination, type DestinationFactory, endpointOptions, resultFromError, resultFromResponse } from '../exporters/index.js';
import type { Alert } from './alert.js';
import { alertFacts, alertTitle } from './alert-text.js';
import { sendEach, type Messages } from './send-each.js';
import { sinkOptions } from './sink-options.js';

/** `alerts: sinks: slack/<name>:` options; `endpoint` is the incoming-webhook URL. */
export const SlackSchema = Type.Object(
  {
    ...endpointOptions('http://127.0.0.1:9000/slack'),
    ...sinkOptions('0s'),
  },
  { additionalProperties: false, default: {} },
);

/** The options as loaded. */
export type SlackConfig = Static<typeof SlackSchema>;

// Slack's limits (Block Kit reference): 150 characters of header, 10 fields, 2,000 per text, 50 blocks.
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const CODE_FACTS = new Set(['Command', 'URL', 'File', 'Trace id']);

/** The blocks of one alert: a header, the facts as fields, command and URL as code. */
function alertBlocks(alert: Alert): object[] {
  const facts = alertFacts(alert);
  const fields = facts.filter(([label]) => !CODE_FACTS.has(label)).slice(0, 10).map(([label, value]) => ({ type: 'mrkdwn', text: cut(`*${label}*\n${escape(value)}`, 2000) }));
  const code = facts.filter(([label]) => CODE_FACTS.has(label)).map(([label, value]) => ({ type: 'section', text: { type: 'mrkdwn', text: cut(`*${label}*\n\`\`\`${escape(value)}\`\`\``, 3000) } }));
  return [{ type: 'header', text: { type: 'plain_text', text: cut(alertTitle(alert), 150) } }, { type: 'section', fields }, ...code, { type: 'divider' }];
}

/** One incoming-webhook message for these alerts (one alert, or a digest of several). */
function slackMessage(alerts: readonly Alert[]): string {
  const text = alerts.length === 1 ? alertTitle(alerts[0]) : `Vigil: ${alerts.length} alerts`;
  const blocks = alerts.flatMap(alertBlocks);
  // A digest past 50 blocks keeps the first alerts' blocks and says how many were left out.
  const kept = blocks.length > 50 ? [...blocks.slice(0, 49), { type: 'context', elements: [{ type: 'mrkdwn', text: `…and more: ${alerts.length} alerts in all` }] }] : blocks;
  return JSON.stringify({ text, blocks: kept });
}

/** The `slack` alert sink: Block Kit messages to an incoming webhook. */
export const slackFactory: DestinationFactory<SlackConfig, readonly Alert[], Messages<string>> = {
  type: 'slack',
  schema: SlackSchema,
  create(_name, config, context): Destination<readonly Alert[], Messages<string>> {
    const client = clientFor(config, context);
    const post = async (body: string, signal: AbortSignal) => {
      try {
        return resultFromResponse(await client.request({ path: '', body, headers: { 'content-type': 'application/json' } }, signal), 1);
      } catch (error) {
        return resultFromError(error);
      }
    };
    return {
      encode: (alerts) => ({ messages: config.digest.enabled ? [slackMessage(alerts)] : alerts.map((a) => slackMessage([a])) }),
      send: (request, signal) => sendEach(request, (body) => post(body, signal)),
      close: () => client.close(),
    };
  },
};
