import type { EventRecord } from '../records/index.js';

/** The header fields that are the same for every message of an exporter. */
export interface SyslogHeader {
  readonly facility: number;
  readonly hostname: string;
  readonly appName: string;
  readonly sdId: string;
}

// RFC 5424 severities (6.2.1) of Vigil's risk levels: a critical detection is `crit`, no risk is `info`.
const SEVERITY: Readonly<Record<string, number>> = { critical: 2, high: 3, medium: 4, low: 5, info: 6, none: 6 };

// SD-PARAM values escape ", \ and ] (RFC 5424 6.3.3).
const paramValue = (value: string) => value.replace(/["\\\]]/g, (c) => `\\${c}`);

/**
 * One RFC 5424 message: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID [SD] MSG`. The ids ride in
 * structured data (the event id lets a SIEM fold at-least-once repeats); MSGID is the signal.
 * The message is cut to `maxBytes` (at a character boundary).
 */
export function formatMessage(record: EventRecord, payload: string, header: SyslogHeader, maxBytes: number): Buffer {
  const pri = header.facility * 8 + (SEVERITY[record.risk.level] ?? 6);
  const params: [string, string][] = [['event_id', record.id], ['trace_id', record.traceId], ['span_id', record.spanId], ['risk_level', record.risk.level]];
  if (record.risk.rules.length > 0) params.push(['rule', record.risk.rules.join(',')]);
  const sd = `[${header.sdId} ${params.filter(([, v]) => v !== '').map(([k, v]) => `${k}="${paramValue(v)}"`).join(' ')}]`;
  const time = new Date(record.timeMs).toISOString();
  const bytes = Buffer.from(`<${pri}>1 ${time} ${header.hostname} ${header.appName} - ${record.signal} ${sd} ${payload}`);
  if (bytes.length <= maxBytes) return bytes;
  let end = maxBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // do not split a UTF-8 sequence
  return bytes.subarray(0, end);
}
