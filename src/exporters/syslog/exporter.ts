import { hostname } from 'node:os';
import { parseDuration } from '../../config/index.js';
import type { Destination, DestinationFactory, TelemetryBatch } from '../component.js';
import { resultFromError, tlsConnectOptions } from '../http/index.js';
import { recordsOf, type EventRecord } from '../records/index.js';
import { toCef, toLeef } from './cef.js';
import { FACILITIES, SyslogSchema, type SyslogConfig } from './config.js';
import { formatMessage } from './rfc5424.js';
import { StreamTransport, UdpTransport } from './transport.js';

/** A batch of formatted messages (retries resend the same bytes). */
export interface SyslogBatch {
  readonly messages: readonly Buffer[];
}

/** The `syslog` exporter: RFC 5424 over TCP, TLS or UDP, with a CEF, LEEF or JSON payload. */
export const syslogFactory: DestinationFactory<SyslogConfig, TelemetryBatch, SyslogBatch> = {
  type: 'syslog',
  schema: SyslogSchema,
  create(_name, config, context): Destination<TelemetryBatch, SyslogBatch> {
    const timeoutMs = parseDuration(config.timeout) ?? 10_000;
    const transport =
      config.transport === 'udp'
        ? new UdpTransport(config.host, config.port)
        : new StreamTransport(config.host, config.port, config.transport === 'tls' ? tlsConnectOptions(config.tls, context.resolvePath) : undefined, timeoutMs);
    const header = { facility: FACILITIES[config.facility as keyof typeof FACILITIES], hostname: config.hostname || hostname(), appName: config.app_name, sdId: config.sd_id };
    // CEF and LEEF read ECS names; only the JSON payload follows `mapping`.
    const mapping = config.payload === 'json' ? config.mapping : 'ecs';
    const payload = (record: EventRecord) =>
      config.payload === 'cef' ? toCef(record) : config.payload === 'leef' ? toLeef(record) : JSON.stringify(record.fields);
    return {
      encode: (batch) => ({ messages: recordsOf(batch, mapping).map((r) => formatMessage(r, payload(r), header, config.max_message_bytes)) }),
      async send(batch, signal) {
        try {
          await transport.write(batch.messages, signal);
          return { outcome: 'sent' };
        } catch (error) {
          return resultFromError(error);
        }
      },
      close: () => transport.close(),
    };
  },
};
