import { Type, type Static } from '@sinclair/typebox';
import { DeliverySchema } from '../helper/index.js';
import { TlsSchema } from '../http/index.js';
import { MappingOption } from '../records/index.js';

/** RFC 5424 facility names and codes (section 6.2.1). */
export const FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;

/** `exporters: syslog/<name>:` options, each with its default. */
export const SyslogSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '127.0.0.1' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 514 }),
    transport: Type.Union([Type.Literal('tcp'), Type.Literal('tls'), Type.Literal('udp')], {
      default: 'tcp',
      description: 'tcp and tls frame messages by octet counting (RFC 6587 / RFC 5425); udp sends one message per datagram (RFC 5426)',
    }),
    tls: TlsSchema,
    payload: Type.Union([Type.Literal('cef'), Type.Literal('leef'), Type.Literal('json')], {
      default: 'cef',
      description: 'MSG part: ArcSight CEF, IBM QRadar LEEF 1.0, or the record as JSON',
    }),
    mapping: MappingOption,
    facility: Type.Union(Object.keys(FACILITIES).map((f) => Type.Literal(f)), { default: 'local0' }),
    app_name: Type.String({ minLength: 1, maxLength: 48, pattern: '^[!-~]+$', default: 'vigil' }),
    hostname: Type.String({ maxLength: 255, pattern: '^[!-~]*$', default: '', description: 'HOSTNAME field (empty: this machine)' }),
    sd_id: Type.String({ pattern: '^[!-~]+@[0-9.]+$', default: 'vigil@32473', description: 'SD-ID of the ids element (name@private-enterprise-number)' }),
    max_message_bytes: Type.Integer({ minimum: 480, default: 8192, description: 'longer messages are cut (rsyslog accepts 8 KiB by default)' }),
    ...DeliverySchema,
  },
  { additionalProperties: false, default: {} },
);

/** The options as loaded. */
export type SyslogConfig = Static<typeof SyslogSchema>;
