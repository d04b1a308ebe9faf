import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Recorded agent sessions (benign and malicious, several frameworks' conventions) replayed through
// the built CLI exactly as a user runs it: every expected detection, with exactly the spans it
// involves, and nothing else.

const run = promisify(execFile);
const FIXTURES = new URL('../fixtures/sessions/', import.meta.url).pathname;
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

interface Expected {
  detections: { rule: string; spans: string[] }[];
}
interface Printed {
  ruleId: string;
  events: { spanId: string; timeUnixNano: string }[];
}

const recordings = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')) : [];
t.ok(recordings.length >= 10, `at least 10 recorded sessions (found ${recordings.length})`);

for (const recording of recordings) {
  t.test(recording, async (t) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, recording.replace(/\.json$/, '.expected.json')), 'utf8')) as Expected;
    const { stdout } = await run(process.execPath, [CLI, 'replay', join(FIXTURES, recording)], { cwd: new URL('../..', import.meta.url).pathname });
    const printed = stdout.trim() === '' ? [] : stdout.trim().split('\n').map((line) => JSON.parse(line) as Printed);
    const seen = printed.map((d) => ({ rule: d.ruleId, spans: d.events.map((e) => e.spanId).sort() })).sort((a, b) => a.rule.localeCompare(b.rule) || a.spans.join().localeCompare(b.spans.join()));
    const want = expected.detections.map((d) => ({ rule: d.rule, spans: [...d.spans].sort() })).sort((a, b) => a.rule.localeCompare(b.rule) || a.spans.join().localeCompare(b.spans.join()));
    t.same(seen, want, 'exactly the expected detections and spans');
  });
}

t.test('replay prints the normalized events with --events and fails clearly on a bad file', async (t) => {
  const first = recordings[0];
  const { stdout } = await run(process.execPath, [CLI, 'replay', '--events', join(FIXTURES, first)]);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  t.ok(lines.some((l) => typeof l.traceId === 'string' && typeof l.timeUnixNano === 'string' && l.signal !== undefined), 'events carry their ids and time');
  const error = await run(process.execPath, [CLI, 'replay', CLI]).then(() => undefined, (e: { code: number; stderr: string }) => e);
  t.equal(error?.code, 1);
  t.match(error?.stderr, /main\.js/, 'names the file it could not read');
});
