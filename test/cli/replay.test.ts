import t from 'tap';
import { join } from 'node:path';
import { CLI, FIXTURES, groupOf, pooled, recordings, replayRecording, run } from '../helpers/recordings.js';

// Each replay is a CLI process compiling the shipped rules; on a shared, loaded machine that is slow.
t.setTimeout(300_000);

// Recorded agent sessions (benign and malicious, several frameworks' conventions) replayed through
// the built CLI exactly as a user runs it: every expected detection, with exactly the events it
// involves, and nothing else. The agents' and frameworks' own dialects are replay-{agents,frameworks,conventions}.test.ts's.

const mine = recordings().filter((f) => groupOf(f) === undefined);
t.ok(mine.length >= 10, `at least 10 recorded sessions (found ${mine.length})`);
const results = await pooled(mine, 2, replayRecording);
mine.forEach((recording, i) => {
  t.test(recording, async (t) => {
    const { seen, want, stderr, count } = results[i];
    t.match(stderr, new RegExp(`^vigil replay: \\d+ events? read, ${count} detections?`), 'the summary line counts them');
    t.same(seen, want, 'exactly the expected detections and events');
  });
});

t.test('replay prints the normalized events with --events and fails clearly on a bad file', async (t) => {
  const first = mine[0];
  const { stdout } = await run(process.execPath, [CLI, 'replay', '--events', join(FIXTURES, first)]);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  t.ok(lines.some((l) => typeof l.traceId === 'string' && typeof l.timeUnixNano === 'string' && l.signal !== undefined), 'events carry their ids and time');
  const error = await run(process.execPath, [CLI, 'replay', CLI]).then(() => undefined, (e: { code: number; stderr: string }) => e);
  t.equal(error?.code, 1);
  t.match(error?.stderr, /main\.js/, 'names the file it could not read');
  t.notMatch(error?.stderr, /\n\s+at /, 'no stack trace');
  const missing = await run(process.execPath, [CLI, 'replay', join(FIXTURES, 'no-such.json')]).then(() => undefined, (e: { code: number; stderr: string }) => e);
  t.equal(missing?.code, 1);
  t.match(missing?.stderr, /^vigil replay: .*no-such\.json: cannot read \(no such file\)\n$/);
});

t.test('--events shows each event\'s dialect and the session its trace gave it', async (t) => {
  const { stdout } = await run(process.execPath, [CLI, 'replay', '--events', join(FIXTURES, 'trace-late-root-secret-then-egress.json')]);
  const events = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.signal !== undefined);
  const read = events.find((e) => e.spanId === 'a100000000000001');
  t.match(read, { dialect: 'genai', 'session.id': 'conv-late-1', 'tool.name': 'read_file', 'file.path': '/home/dev/.aws/credentials' });
});

t.test('--fail-on exits 3 when a detection at or above the severity was raised', async (t) => {
  const code = (args: string[]) => run(process.execPath, [CLI, 'replay', ...args]).then(() => 0, (e: { code: number }) => e.code);
  const malicious = join(FIXTURES, 'gemini-cli-metadata-credential-theft.json'); // two high detections
  t.equal(await code(['--fail-on', 'high', malicious]), 3);
  t.equal(await code(['--fail-on', 'critical', malicious]), 0);
  t.equal(await code(['--fail-on', 'severe', malicious]), 2, 'an unknown severity is a usage error');
});
