import type { Test } from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Runs a command, resolving to its output (rejects with code and stderr on a non-zero exit). */
export const run = promisify(execFile);
/** The recorded sessions and their expected detections. */
export const FIXTURES = new URL('../fixtures/sessions/', import.meta.url).pathname;
/** The built CLI, run as a user runs it. */
export const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** Recording name prefixes of each dialect test file (test/cli/replay-*.test.ts); other recordings are replay.test.ts's. */
export const DIALECT_GROUPS = {
  agents: ['claude-code', 'codex', 'gemini-cli'],
  frameworks: ['vercel-ai', 'openai-agents', 'langsmith', 'strands', 'google-adk', 'crewai'],
  conventions: ['mcp', 'json-log', 'trace'],
} as const;

/** The group a recording belongs to, undefined for replay.test.ts's. */
export const groupOf = (recording: string): keyof typeof DIALECT_GROUPS | undefined =>
  (Object.keys(DIALECT_GROUPS) as (keyof typeof DIALECT_GROUPS)[]).find((group) => DIALECT_GROUPS[group].some((prefix) => recording.startsWith(`${prefix}-`)));

/** Every recording file name (not the expected files). */
export const recordings = (): string[] => (existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')).sort() : []);

interface Printed {
  ruleId: string;
  events: { spanId: string; timeUnixNano: string }[];
}

/** One detection as compared: the rule and the events it names (a span by id, a log record without one by its timeUnixNano). */
export interface Named {
  rule: string;
  spans: string[];
}

const order = (list: Named[]): Named[] =>
  list.map((d) => ({ rule: d.rule, spans: [...d.spans].sort() })).sort((a, b) => a.rule.localeCompare(b.rule) || a.spans.join().localeCompare(b.spans.join()));

/** What `vigil replay FILE` printed, and what the recording's expected file says it should. */
export async function replayRecording(recording: string): Promise<{ seen: Named[]; want: Named[]; stderr: string; count: number }> {
  const expected = JSON.parse(readFileSync(join(FIXTURES, recording.replace(/\.json$/, '.expected.json')), 'utf8')) as { detections: Named[] };
  const { stdout, stderr } = await run(process.execPath, [CLI, 'replay', join(FIXTURES, recording)], { cwd: new URL('../..', import.meta.url).pathname });
  const printed = stdout.trim() === '' ? [] : stdout.trim().split('\n').map((line) => JSON.parse(line) as Printed);
  const seen = printed.map((d) => ({ rule: d.ruleId, spans: d.events.map((e) => e.spanId || e.timeUnixNano) }));
  return { seen: order(seen), want: order(expected.detections), stderr, count: printed.length };
}

/**
 * Replays every recording of a dialect group and checks its detections: one recording at least per
 * dialect, exactly the expected detections and events, nothing from a benign look-alike.
 */
export async function checkGroup(t: Test, group: keyof typeof DIALECT_GROUPS): Promise<Map<string, Named[]>> {
  const mine = recordings().filter((f) => groupOf(f) === group);
  for (const prefix of DIALECT_GROUPS[group]) t.ok(mine.some((f) => f.startsWith(`${prefix}-`)), `a recording of ${prefix}`);
  const results = await pooled(mine, 2, replayRecording);
  mine.forEach((recording, i) => {
    t.test(recording, async (t) => {
      const { seen, want } = results[i];
      t.same(seen, want, 'exactly the expected detections and events');
      if (/benign/.test(recording)) t.same(seen, [], 'a benign look-alike raises nothing');
    });
  });
  return new Map(mine.map((recording, i) => [recording, results[i].seen]));
}

/** Runs `work` over the items, at most `limit` at a time (the machine is shared), in input order. */
export async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
