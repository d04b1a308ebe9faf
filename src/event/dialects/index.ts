import type { Dialect, EventView } from './dialect.js';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { crewai } from './crewai.js';
import { genai } from './genai.js';
import { geminiCli } from './gemini-cli.js';
import { googleAdk } from './google-adk.js';
import { jsonLog } from './json-log.js';
import { langchain } from './langchain.js';
import { langsmith } from './langsmith.js';
import { mcp } from './mcp.js';
import { openaiAgents } from './openai-agents.js';
import { openinference } from './openinference.js';
import { openllmetry } from './openllmetry.js';
import { strands } from './strands.js';
import { vercelAi } from './vercel-ai.js';

/**
 * Every dialect, most specific first: an agent's own telemetry, then frameworks, then the
 * conventions they build on. The first whose detection table matches an event reads it.
 */
export const DIALECTS: readonly Dialect[] = [
  claudeCode, codex, geminiCli, vercelAi, googleAdk, strands, crewai, openaiAgents, langsmith, langchain,
  mcp, openllmetry, openinference, genai, jsonLog,
];

/** Events no dialect claims: read with the generic alias table alone. */
export const GENERIC: Dialect = {
  name: 'otel',
  source: 'OpenTelemetry semantic conventions (process, file, url, http, db, session, user)',
  detect: {},
  map: {},
};

// Marker key → rank of the first dialect that claims it: one Map lookup per attribute.
const MARKERS = new Map<string, number>();
DIALECTS.forEach((dialect, rank) => {
  for (const key of dialect.detect.markers ?? []) if (!MARKERS.has(key)) MARKERS.set(key, rank);
});

const startsWithAny = (value: string, prefixes: readonly string[] | undefined): boolean =>
  value !== '' && prefixes !== undefined && prefixes.some((prefix) => value.startsWith(prefix));

// A scope entry ending in '.' or '/' is a prefix; any other names one scope exactly.
const scopeMatches = (scope: string, entries: readonly string[] | undefined): boolean =>
  scope !== '' && entries !== undefined && entries.some((e) => (e.endsWith('.') || e.endsWith('/') ? scope.startsWith(e) : scope === e));

/** The dialect an event is written in (GENERIC when none claims it). */
export function detectDialect(event: EventView): Dialect {
  let markerRank = Infinity;
  for (const kv of event.attributeList ?? []) {
    const rank = MARKERS.get(kv.key);
    if (rank !== undefined && rank < markerRank) markerRank = rank;
  }
  const isLog = event.signal === 'log';
  const body = event.logBody;
  const logName = isLog ? event.eventName || (typeof body === 'string' ? body : '') : '';
  const spanName = isLog ? '' : event.name;
  const scope = event.scope?.name ?? '';
  let service: string | undefined;
  for (let rank = 0; rank < DIALECTS.length; rank++) {
    const dialect = DIALECTS[rank];
    const table = dialect.detect;
    if (rank === markerRank) return dialect;
    if (startsWithAny(logName, table.eventPrefixes) || (isLog && typeof body === 'string' && startsWithAny(body, table.eventPrefixes))) return dialect;
    if (startsWithAny(spanName, table.spanPrefixes) || scopeMatches(scope, table.scopes)) return dialect;
    if (table.services !== undefined) {
      service ??= String(event.resourceAttribute('service.name') ?? '');
      if (startsWithAny(service, table.services)) return dialect;
    }
    if (table.test?.(event)) return dialect;
  }
  return GENERIC;
}

/** Log event names whose record may touch several files (one event per extra path). */
export const MULTI_PATH_EVENTS: ReadonlySet<string> = new Set(['codex.tool_result']);

export type { DeriveContext, Dialect, EventView } from './dialect.js';
export { isPlaceholder, asRecord } from './decode.js';
export { readEventContent, readMessages } from './messages.js';
