// Normalization cost per dialect: events/s for building events from a decoded request and reading
// their normalized fields (detection, decoding, inheritance-free), over the recorded sessions.
import { readFileSync } from 'node:fs';
import { eventsFromLogs, eventsFromTraces } from '../dist/event/index.js';
import { logsRequestFromJson, traceRequestFromJson } from '../dist/otlp/index.js';

const FIXTURES = new URL('../test/fixtures/sessions/', import.meta.url);
const RECORDINGS = {
  claude_code: 'claude-code-ssh-key-exfil.json',
  codex: 'codex-remote-exec-persistence.json',
  gemini_cli: 'gemini-cli-metadata-credential-theft.json',
  vercel_ai: 'vercel-ai-credentials-to-paste-site.json',
  genai: 'genai-coding-benign.json',
  mcp: 'mcp-tools-call-drop-table.json',
  openai_agents: 'openai-agents-logfire-reverse-shell.json',
  langsmith: 'langsmith-langchain-egress.json',
  strands: 'strands-setuid-escalation.json',
  google_adk: 'google-adk-disk-wipe.json',
  crewai: 'crewai-sudoers-write.json',
  openinference: 'openinference-rag-injection-email.json',
  json_log: 'json-log-audit-wipe.json',
};

/** Decoded requests of one recording (one JSON document, or one per line). */
function requestsOf(file) {
  const text = readFileSync(new URL(file, FIXTURES), 'utf8');
  let documents;
  try {
    JSON.parse(text);
    documents = [text];
  } catch {
    documents = text.split('\n').filter((l) => l.trim() !== '');
  }
  return documents.map((d) => (/"resource_?logs"\s*:/i.test(d) ? { logs: logsRequestFromJson(d) } : { traces: traceRequestFromJson(d) }));
}

function rate(requests, seconds) {
  let events = 0;
  const until = Date.now() + seconds * 1000;
  const start = process.hrtime.bigint();
  while (Date.now() < until) {
    for (let round = 0; round < 200; round++) {
      for (const r of requests) {
        const batch = r.logs ? eventsFromLogs(r.logs) : eventsFromTraces(r.traces);
        // One read normalizes the whole event; the rest are array reads, as rules do.
        for (const e of batch) if (e.normalizedField('command') === 'x' && e.normalizedField('session.id') === 'x') events--;
        events += batch.length;
      }
    }
  }
  return events / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Normalization events/s per dialect. */
export function benchNormalize(seconds = 1) {
  const rows = {};
  for (const [dialect, file] of Object.entries(RECORDINGS)) rows[dialect] = rate(requestsOf(file), seconds);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [dialect, r] of Object.entries(benchNormalize(Number(process.argv[2] ?? 1)))) console.log(`${dialect.padEnd(16)}${Math.round(r).toLocaleString('en-US')}`);
}
