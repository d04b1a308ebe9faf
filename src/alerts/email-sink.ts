import { Type, type Static } from '@sinclair/typebox';
import nodemailer from 'nodemailer';
import { parseDuration } from '../config/index.js';
import { type Destination, type DestinationFactory, type SendResult, tlsConnectOptions, TlsSchema } from '../exporters/index.js';
import type { Alert } from './alert.js';
import { alertText, alertTitle } from './alert-text.js';
import { sendEach, type Messages } from './send-each.js';
import { sinkOptions } from './sink-options.js';

/** `alerts: sinks: email/<name>:` options. */
export const EmailSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'SMTP server' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 587 }),
    security: Type.Union([Type.Literal('starttls'), Type.Literal('tls'), Type.Literal('none')], {
      default: 'starttls',
      description: 'starttls: upgrade required (port 587); tls: TLS from the start (port 465); none: plain (local relays only)',
    }),
    tls: TlsSchema,
    username: Type.String({ default: '', description: 'SMTP AUTH user (empty: no authentication)' }),
    password: Type.String({ default: '' }),
    from: Type.String({ minLength: 3, default: 'vigil@localhost' }),
    to: Type.Array(Type.String({ minLength: 3 }), { default: [], description: 'recipients' }),
    subject_prefix: Type.String({ default: '[Vigil]' }),
    ...sinkOptions(),
  },
  { additionalProperties: false, default: {} },
);

/** The options as loaded. */
export type EmailConfig = Static<typeof EmailSchema>;

/** One mail: subject and plain-text body. */
export interface Mail {
  readonly subject: string;
  readonly text: string;
}

/** The mail of these alerts (one alert, or a digest). */
function alertMail(alerts: readonly Alert[], prefix: string): Mail {
  const subject = alerts.length === 1 ? alertTitle(alerts[0]) : `${alerts.length} alerts: ${[...new Set(alerts.map((a) => a.detection.ruleId))].join(', ')}`;
  return { subject: `${prefix} ${subject}`.trim().slice(0, 250), text: `${alerts.map(alertText).join('\n\n')}\n` };
}

// SMTP replies: 5xx is permanent (RFC 5321 4.2.1), 4xx and lost connections are worth another try.
function smtpResult(error: unknown): SendResult<Messages<Mail>> {
  const err = error as { responseCode?: number; code?: string };
  if (err.responseCode !== undefined) {
    const reason = `smtp_${err.responseCode}`;
    return err.responseCode >= 500 ? { outcome: 'drop', reason, count: 1 } : { outcome: 'retry', reason };
  }
  return { outcome: 'retry', reason: (err.code ?? 'network').toLowerCase() };
}

/** The `email` alert sink: SMTP with STARTTLS or TLS (nodemailer), one mail per alert or per digest. */
export const emailFactory: DestinationFactory<EmailConfig, readonly Alert[], Messages<Mail>> = {
  type: 'email',
  schema: EmailSchema,
  create(_name, config, context): Destination<readonly Alert[], Messages<Mail>> {
    if (config.to.length === 0) throw new Error('email sink: `to` lists no recipient');
    const timeoutMs = parseDuration(config.timeout) ?? 10_000;
    const transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      tls: tlsConnectOptions(config.tls, context.resolvePath),
      ...(config.username !== '' && { auth: { user: config.username, pass: config.password } }),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    const deliver = async (mail: Mail): Promise<SendResult<unknown>> => {
      try {
        await transport.sendMail({ from: config.from, to: config.to, subject: mail.subject, text: mail.text });
        return { outcome: 'sent' };
      } catch (error) {
        return smtpResult(error);
      }
    };
    return {
      encode: (alerts) => ({ messages: config.digest.enabled ? [alertMail(alerts, config.subject_prefix)] : alerts.map((a) => alertMail([a], config.subject_prefix)) }),
      // nodemailer takes no abort signal: its connection, greeting and socket timeouts bound a send.
      send: (request) => sendEach(request, deliver),
      async close() {
        transport.close();
      },
    };
  },
};
