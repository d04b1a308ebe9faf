import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// `vigil rules check` and `vigil rules test` as an author runs them, through the built CLI.

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [CLI, ...args], { cwd: ROOT }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

t.test('the shipped rules compile and their tests all pass', async (t) => {
  const check = await run(['rules', 'check']);
  t.equal(check.code, 0, check.stderr);
  t.match(check.stdout, /^\d+ rules compiled from \d+ file\(s\)/);
  const test = await run(['rules', 'test']);
  t.equal(test.code, 0);
  t.match(test.stdout.trim().split('\n').pop(), /^\d+ passed, 0 failed$/);
});

t.test("`rules check` reports what a user's file tunes in the shipped rules", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  const mine = join(dir, 'mine.rules');
  writeFileSync(mine, 'extend rule vigil.destructive.shred { enabled: false }\nextend rule vigil.egress.tunnel { severity: medium }\nlist downloaders -= ["fetch"]\n');
  const check = await run(['rules', 'check', 'rules.d', mine]);
  t.equal(check.code, 0, check.stderr);
  t.match(check.stdout, `tuned list downloaders: removed "fetch" (${mine}:3)`);
  t.match(check.stdout, `tuned rule vigil.destructive.shred: disabled (${mine}:1)`);
  t.match(check.stdout, `tuned rule vigil.egress.tunnel: severity high → medium (${mine}:2)`);
  const shipped = await run(['rules', 'check', 'rules.d']);
  const count = (out: string) => Number(/^(\d+) rules compiled/m.exec(out)?.[1]);
  t.equal(count(check.stdout), count(shipped.stdout) - 1, 'the disabled rule is not loaded');
});

t.test('errors name file, line and column with a caret, exit 1, and load nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  writeFileSync(join(dir, 'bad.rules'), 'rule a {\n  title: "t"\n  severity: high\n  score: 10\n  when: lower(command) matches /(a)\\1/\n}\n');
  const check = await run(['rules', 'check', dir]);
  t.equal(check.code, 1);
  t.match(check.stderr, /bad\.rules:5:\d+: error/);
  t.match(check.stderr, /\n\s*5 \|   when: lower\(command\) matches/);
  t.match(check.stderr, /\^/);
  t.match(check.stderr, /no rules loaded/);
});

t.test('a failing rule test is named and counted in the last line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  writeFileSync(join(dir, 'x.rules'), 'rule x.curl {\n  title: "curl"\n  severity: low\n  score: 10\n  when: command contains "curl"\n}\n');
  writeFileSync(join(dir, 'x.test.yaml'), '- rule: x.curl\n  match:\n    - attributes: { process.command_line: "curl a" }\n    - attributes: { process.command_line: "wget a" }\n  no_match:\n    - attributes: { process.command_line: "ls" }\n');
  const test = await run(['rules', 'test', dir]);
  t.equal(test.code, 1);
  t.match(test.stdout, /FAIL .*x\.test\.yaml: x\.curl match #2/);
  t.equal(test.stdout.trim().split('\n').pop(), '2 passed, 1 failed');
});

t.test('unknown commands and flags print usage and exit 2', async (t) => {
  t.equal((await run(['frobnicate'])).code, 2);
  const bad = await run(['replay', '--nope']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /Usage: vigil replay/);
  t.match((await run(['rules', 'test', '--help'])).stdout, /N passed, N failed/);
});
