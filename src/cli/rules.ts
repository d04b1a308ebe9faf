import { existsSync, statSync } from 'node:fs';
import { parseDuration } from '../config/index.js';
import { findRuleTests, formatDiagnostic, formatRuleTests, hasErrors, loadRuleSet, runRuleTests, type CompileResult } from '../rules/index.js';
import { commandConfig } from './config-path.js';

type Flags = Record<string, string | boolean | undefined>;

/** The paths named on the command line, else `rules.paths` of the configuration. */
function rulePaths(flags: Flags, positionals: readonly string[]): { paths: string[]; latenessMs: number } {
  const { config, resolvePath } = commandConfig(flags);
  return {
    paths: positionals.length > 0 ? [...positionals] : config.rules.paths.map(resolvePath),
    latenessMs: parseDuration(config.rules.lateness) ?? 0,
  };
}

function report(result: CompileResult): boolean {
  for (const diagnostic of result.diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  return !hasErrors(result.diagnostics);
}

/** `vigil rules check`: compile and report every diagnostic; 1 on any error. */
export async function check(flags: Flags, positionals: string[]): Promise<number> {
  const { paths } = rulePaths(flags, positionals);
  const result = await loadRuleSet(paths.filter((p) => !isTestFile(p)));
  if (!report(result)) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    process.stderr.write(`${errors} error${errors === 1 ? '' : 's'} in ${result.files.length} file(s); no rules loaded\n`);
    return 1;
  }
  const kinds = { single: 0, threshold: 0, sequence: 0 };
  for (const rule of result.rules) kinds[rule.kind]++;
  for (const note of result.tuning) process.stdout.write(`tuned ${note.subject}: ${note.change} (${note.source})\n`);
  process.stdout.write(`${result.rules.length} rules compiled from ${result.files.length} file(s): ${kinds.single} single-event, ${kinds.threshold} threshold, ${kinds.sequence} sequence\n`);
  return 0;
}

/**
 * `vigil rules test`: compile the rule set, run the test cases beside it (or the test files
 * named), print one line per case and `N passed, N failed` last; 1 when any failed.
 */
export async function test(flags: Flags, positionals: string[]): Promise<number> {
  const configured = rulePaths(flags, []);
  const named = positionals.filter((p) => !isTestFile(p));
  const result = await loadRuleSet(named.length > 0 ? named : configured.paths);
  if (!report(result)) {
    process.stdout.write('0 passed, 1 failed\n');
    return 1;
  }
  // Test files named, and those inside the directories named (or configured).
  const searched = (positionals.length > 0 ? positionals : configured.paths).filter((p) => isTestFile(p) || isDirectory(p));
  const results = await runRuleTests(await findRuleTests(searched), { rules: result.rules, latenessMs: configured.latenessMs });
  process.stdout.write(`${formatRuleTests(results)}\n`);
  return results.some((r) => r.failure !== undefined) ? 1 : 0;
}

const isTestFile = (path: string): boolean => /\.test\.ya?ml$/.test(path);
const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();
