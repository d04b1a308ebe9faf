import type { EventRecord } from '../records/index.js';

const VENDOR = 'Vigil';
const PRODUCT = 'Vigil';
const VERSION = '0.1.0';

// CEF (ArcSight "Implementing ArcSight CEF", rev. 25): header fields escape | and \, extension
// values escape \, = and line breaks.
const header = (value: string) => value.replace(/[\\|]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
const extension = (value: string) => value.replace(/[\\=]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, '\\n');

/** The fields both formats carry: [CEF key, LEEF key, value], read from the ECS record. */
function facts(record: EventRecord): [string, string, string][] {
  const f = record.fields;
  const text = (key: string) => (f[key] === undefined ? '' : String(f[key]));
  const pairs: [string, string, string][] = [
    ['rt', 'devTime', String(Math.round(record.timeMs))],
    ['externalId', 'externalId', record.id],
    ['cat', 'cat', record.signal],
    ['act', 'action', text('event.action')],
    ['suser', 'usrName', text('user.id')],
    ['request', 'url', text('url.full')],
    ['filePath', 'filePath', text('file.path')],
    ['dvchost', 'identHostName', text('host.name')],
    ['cs1', 'rules', record.risk.rules.join(',')],
    ['cs2', 'techniques', [...record.risk.attack, ...record.risk.atlas].join(',')],
    ['cs3', 'traceId', record.traceId],
    ['cs4', 'spanId', record.spanId],
    ['cs5', 'sessionId', record.session],
    ['cs6', 'commandLine', text('process.command_line')],
    ['cn1', 'riskScore', String(record.risk.score)],
    ['msg', 'msg', record.message],
  ];
  return pairs.filter(([, , value]) => value !== '');
}

const LABELS: Readonly<Record<string, string>> = {
  cs1: 'rules', cs2: 'techniques', cs3: 'traceId', cs4: 'spanId', cs5: 'sessionId', cs6: 'commandLine', cn1: 'riskScore',
};

/** CEF severity 0-10 from the risk score 0-100. */
const severity = (record: EventRecord) => Math.min(10, Math.max(0, Math.round(record.risk.score / 10)));

/** The signature id: the matched rules, else the signal. */
const signature = (record: EventRecord) => (record.risk.rules.length > 0 ? [...record.risk.rules].sort().join(',') : record.signal);

/** A record as one CEF:0 message (custom fields labelled: cs1Label=rules, …). */
export function toCef(record: EventRecord): string {
  const ext = facts(record).flatMap(([key, , value]) => {
    const pair = `${key}=${extension(value)}`;
    return LABELS[key] === undefined ? [pair] : [pair, `${key}Label=${LABELS[key]}`];
  });
  return `CEF:0|${VENDOR}|${PRODUCT}|${VERSION}|${header(signature(record))}|${header(record.message.slice(0, 512))}|${severity(record)}|${ext.join(' ')}`;
}

/** A record as one LEEF 1.0 message (tab-delimited attributes, devTime in epoch milliseconds). */
export function toLeef(record: EventRecord): string {
  const leef = (value: string) => value.replace(/\t/g, ' ').replace(/\r?\n|\r/g, '\\n');
  const attributes = [...facts(record).map(([, key, value]) => `${key}=${leef(value)}`), `sev=${Math.max(1, severity(record))}`];
  return `LEEF:1.0|${VENDOR}|${PRODUCT}|${VERSION}|${header(signature(record))}|${attributes.join('\t')}`;
}
