import { ALIASES, NORMALIZED_FIELDS } from './aliases.js';
import { DIALECTS, type Dialect } from './dialects/index.js';

const code = (s: string): string => `\`${s}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** README's table of the generic sources of each normalized field, in priority order. */
export function aliasTableMarkdown(): string {
  const rows = NORMALIZED_FIELDS.map((field) => {
    const sources = ALIASES[field].map((s) => `${code(s.scope === 'resource' ? `resource ${s.key}` : s.key)} (${s.convention})`).join(', ');
    return `| ${code(field)} | ${sources || 'the dialect that read the event (see "Dialects")'} |`;
  });
  return ['| field | sources, in order (convention) |', '|---|---|', ...rows].join('\n');
}

function recognisedBy(dialect: Dialect): string {
  const d = dialect.detect;
  const parts = [
    d.eventPrefixes && `event name ${d.eventPrefixes.map((p) => code(`${p}*`)).join(' / ')}`,
    d.spanPrefixes && `span name ${d.spanPrefixes.map((p) => code(`${p}*`)).join(' / ')}`,
    d.scopes && `scope ${d.scopes.map((s) => code(s.endsWith('.') || s.endsWith('/') ? `${s}*` : s)).join(' / ')}`,
    d.services && `service.name ${d.services.map((s) => code(`${s}*`)).join(' / ')}`,
    d.markers && `attribute ${d.markers.map(code).join(' / ')}`,
    d.test && 'a value check (see source)',
  ];
  return parts.filter(Boolean).join('; ');
}

function ownKeys(dialect: Dialect): string {
  const entries = Object.entries(dialect.map.attributes ?? {});
  const mapped = entries.filter(([, f]) => f !== null).map(([key, field]) => `${code(key)} → ${field}`);
  const ignored = entries.filter(([, f]) => f === null).map(([key]) => code(key));
  const body = Object.entries(dialect.map.body ?? {}).map(([key, field]) => `${code(key)} → ${field}`);
  return [
    mapped.join(', '),
    body.length > 0 ? `body: ${body.join(', ')}` : '',
    ignored.length > 0 ? `not read: ${ignored.join(', ')}` : '',
    dialect.map.derive ? 'and decoding in code' : '',
  ].filter(Boolean).join('; ') || 'the generic table';
}

/** README's table of dialects: the `dialect` value, how it is recognised, its own keys, where they were read. */
export function dialectTableMarkdown(): string {
  const rows = DIALECTS.map((d) => `| ${code(d.name)} | ${cell(recognisedBy(d))} | ${cell(ownKeys(d))} | ${cell(d.source)} |`);
  return ['| `dialect` | recognised by (first match in this order) | its own keys, before the generic table | source |', '|---|---|---|---|', ...rows].join('\n');
}
