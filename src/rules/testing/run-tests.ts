import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryStore } from '../../store/index.js';
import type { CompiledRule } from '../compiled.js';
import { RulesEngine } from '../runtime/engine.js';
import { eventFromCase, type EventCase } from './event-from-case.js';
import { readRuleTestFile, type RuleTestCase } from './test-file.js';

/** What the rule tests run against. */
export interface RuleTestOptions {
  readonly rules: readonly CompiledRule[];
  /** `rules.lateness` for event streams; default 30 s. */
  readonly latenessMs?: number;
}

/** The outcome of one case. */
export interface CaseResult {
  readonly file: string;
  readonly rule: string;
  /** `match #1`, `no_match #2`, `events`, or `file` for a malformed file. */
  readonly name: string;
  /** Why it failed: what was expected and what was seen; undefined when it passed. */
  readonly failure?: string;
}

const TEST_FILE = /\.test\.ya?ml$/;

/** The test files of the paths: a file as given, a directory's `*.test.yaml` files at any depth, sorted. */
export async function findRuleTests(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const visit = async (path: string, named: boolean): Promise<void> => {
    if ((await stat(path)).isDirectory()) {
      for (const entry of (await readdir(path)).sort()) await visit(join(path, entry), false);
    } else if (named || TEST_FILE.test(path)) {
      found.push(path);
    }
  };
  for (const path of paths) await visit(path, true);
  return found;
}

/** Runs every case of the files: each `match` / `no_match` event alone, each `events` stream in order, each in a fresh engine. */
export async function runRuleTests(files: readonly string[], options: RuleTestOptions): Promise<CaseResult[]> {
  const ids = new Set(options.rules.map((rule) => rule.id));
  const results: CaseResult[] = [];
  for (const file of files) {
    const { cases, problems } = await readRuleTestFile(file);
    for (const problem of problems) results.push({ file, rule: '', name: 'file', failure: problem });
    for (const testCase of cases) {
      const name = testCase.kind === 'events' ? 'events' : `${testCase.kind} #${testCase.index}`;
      const failure = ids.has(testCase.rule) ? await runCase(testCase, options) : `rule ${testCase.rule} is not in the rule set`;
      results.push({ file, rule: testCase.rule, name, failure });
    }
  }
  return results;
}

/** How often the case's rule fired over the events, each evaluated as its own batch, and how often it threw. */
async function countFirings(rule: string, events: readonly EventCase[], options: RuleTestOptions): Promise<{ fired: number; threw: number }> {
  let threw = 0;
  const engine = new RulesEngine(options.rules, {
    store: new MemoryStore({ maxGroups: 10_000, maxPartialSequences: 10_000 }),
    latenessMs: options.latenessMs ?? 30_000,
    maxEventsPerDetection: 100,
    metrics: { ruleError: (id) => void (id === rule && threw++) },
  });
  let fired = 0;
  // Ids numbered within the case, so every run reports the same detection ids.
  for (const event of events.map((description, i) => eventFromCase(description, { sequence: i + 1 }))) {
    for (const detection of (await engine.evaluate([event])).detections) if (detection.ruleId === rule) fired++;
  }
  return { fired, threw };
}

async function runCase(testCase: RuleTestCase, options: RuleTestOptions): Promise<string | undefined> {
  let outcome: { fired: number; threw: number };
  try {
    outcome = await countFirings(testCase.rule, testCase.kind === 'events' ? testCase.events : [testCase.event], options);
  } catch (error) {
    return `the case's events cannot be built: ${(error as Error).message}`;
  }
  const { fired, threw } = outcome;
  if (threw > 0) return `the rule threw at run time (${threw} time${threw === 1 ? '' : 's'})`;
  const plural = (n: number) => `${n} detection${n === 1 ? '' : 's'}`;
  if (testCase.kind === 'events') return fired === testCase.expect ? undefined : `expected ${plural(testCase.expect)}, saw ${fired}`;
  if (testCase.kind === 'match') return fired > 0 ? undefined : 'expected the event to raise the rule; it did not';
  return fired === 0 ? undefined : `expected the event not to raise the rule; it raised ${plural(fired)}`;
}

/** One line per case (`ok` or `FAIL` with the reason), then `N passed, N failed`. */
export function formatRuleTests(results: readonly CaseResult[]): string {
  const lines = results.map((r) => {
    const where = `${r.file}: ${r.rule === '' ? '' : `${r.rule} `}${r.name}`;
    return r.failure === undefined ? `ok   ${where}` : `FAIL ${where}: ${r.failure}`;
  });
  const failed = results.filter((r) => r.failure !== undefined).length;
  lines.push(`${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}
