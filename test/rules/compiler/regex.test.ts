import RE2 from 're2';
import t, { type Test } from 'tap';
import type { AgentEvent } from '../../../src/event/index.js';
import { compileRegex, PatternGroup, regexError } from '../../../src/rules/compiler/regex.js';
import { eventFromCase, type CompiledRule } from '../../../src/rules/index.js';
import { diagnosticsOf, rulesOf, span } from '../../helpers/compile.js';

t.test('patterns compile to RE2, never to a backtracking RegExp', async (t) => {
  const regex = compileRegex({ source: '(a+)+$', flags: '' });
  t.ok(regex instanceof RE2, 'an RE2 instance');
  t.equal(regex.source, '(a+)+$');
  t.equal(compileRegex({ source: 'x', flags: 'ism' }).flags.replace('u', ''), 'ims');
});

t.test('a classically catastrophic pattern on 100 KB of adversarial input completes', async (t) => {
  const adversarial = 'a'.repeat(100_000) + '!';
  t.equal(compileRegex({ source: '(a+)+$', flags: '' }).test(adversarial), false);
  const [rule] = rulesOf('rule redos { title: "t" severity: low score: 1\n when: command matches [/(a+)+$/, /(x+x+)+y/, /(a|aa)+b/] }');
  if (rule.kind !== 'single') throw new Error('single rule expected');
  t.equal(rule.match(span({ 'process.command_line': adversarial })), false);
  t.equal(rule.match(span({ 'process.command_line': 'x'.repeat(100_000) })), false);
});

t.test('what RE2 cannot run is a compile error: backreferences, lookaround, bad syntax', async (t) => {
  for (const source of ['(a)\\1', '(?<n>a)\\k<n>', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
    t.match(regexError({ source, flags: '' }), /^invalid regular expression: .* \(RE2 runs in linear time: no backreferences, no lookaround\)$/, source);
  }
  t.match(regexError({ source: '[a', flags: '' }), /^invalid regular expression: /);
  t.equal(regexError({ source: 'a', flags: 'y' }), 'unknown regular expression flag `y` (flags are i, s and m)');
  t.equal(regexError({ source: '\\bcurl\\b.*\\|\\s*(ba)?sh', flags: 'i' }), undefined);
  t.same(diagnosticsOf('rule r { title: "t" severity: low score: 1\n when: command matches /(\\w+)\\s\\1/ }'), [
    'test.rules:2:24 bad-regex: invalid regular expression: invalid escape sequence: \\1 (RE2 runs in linear time: no backreferences, no lookaround)',
  ]);
});

t.test('a pattern group answers per pattern, one by one when small', async (t) => {
  const group = new PatternGroup();
  const [a, b] = [group.add([{ source: 'curl', flags: '' }]), group.add([{ source: 'WGET', flags: 'i' }, { source: '^nc ', flags: '' }])];
  const event = eventFromCase({});
  t.ok(group.test(a, 'curl x', event));
  t.notOk(group.test(b, 'curl x', event));
  t.ok(group.test(b, 'wget x', eventFromCase({})));
  t.ok(group.test(b, 'nc -e', eventFromCase({})));
});

/** Counts RE2 runs (sets and single patterns) while a test runs. */
function countRuns(t: Test): { sets: number; singles: number } {
  const counts = { sets: 0, singles: 0 };
  const match = RE2.Set.prototype.match;
  const test = RE2.prototype.test;
  RE2.Set.prototype.match = function (this: InstanceType<typeof RE2.Set>, input: string | Buffer) {
    counts.sets++;
    return match.call(this, input);
  };
  RE2.prototype.test = function (this: RE2, input: string | Buffer) {
    counts.singles++;
    return test.call(this, input);
  };
  t.teardown(() => {
    RE2.Set.prototype.match = match;
    RE2.prototype.test = test;
  });
  return counts;
}

const matchedBy = (rules: readonly CompiledRule[], event: AgentEvent): string[] => rules.filter((rule) => rule.kind === 'single' && rule.match(event)).map((rule) => rule.id);

t.test('a pattern whose required literals are absent never runs; the live ones run one by one when few', async (t) => {
  const words = ['curl', 'wget', 'nc -e', 'base64 -d', 'chmod 777', 'mkfifo', 'dd if=', 'crontab', 'iptables', 'useradd'];
  const text = words.map((w, i) => `rule r${i} { title: "t" severity: low score: 1\n when: command matches /${w.replace('/', '\\/')}/${i % 2 ? 'i' : ''} }`).join('\n');
  const rules = rulesOf(text);
  const runs = countRuns(t);
  t.same(matchedBy(rules, span({ 'process.command_line': 'ls -la src' })), []);
  t.same(runs, { sets: 0, singles: 0 }, 'no literal of any pattern: no RE2 at all');
  t.same(matchedBy(rules, span({ 'process.command_line': 'MKFIFO /tmp/f; nc -e /bin/sh x' })), ['r2', 'r5'], 'r5 matches case-insensitively');
  t.same(runs, { sets: 0, singles: 2 }, 'only the two live patterns ran');
});

t.test('many live patterns on one subject run as one RE2.Set pass, once per subject text', async (t) => {
  const rules = rulesOf(Array.from({ length: 12 }, (_, i) => `rule r${i} { title: "t" severity: low score: 1\n when: command matches /x${i}\\b/ }`).join('\n'));
  const runs = countRuns(t);
  const line = Array.from({ length: 12 }, (_, i) => `x${i}`).join(' ');
  t.equal(matchedBy(rules, span({ 'process.command_line': line })).length, 12);
  t.equal(runs.sets, 1, 'after 7 single runs, one set pass decided the rest');
  t.equal(matchedBy(rules, span({ 'process.command_line': line })).length, 12, 'the same text on a new event');
  t.same(runs.sets + runs.singles, 8, 'answered from the answers kept for that text');
  t.same(matchedBy(rules, span({ 'process.command_line': 'x3 only' })), ['r3']);
});

t.test('patterns on a step\'s field are not shared across events', async (t) => {
  const steps = Array.from({ length: 9 }, (_, i) => `/p${i}/`).join(', ');
  const [rule] = rulesOf(`rule s { title: "t" severity: low score: 1\n sequence within 1m {\n step a: command exists\n step b: a.command matches [${steps}] } }`);
  if (rule.kind !== 'sequence') throw new Error('sequence rule expected');
  const step = rule.sequence.steps[1].match;
  const now = span({});
  t.ok(step(now, [span({ 'process.command_line': 'x p3 y' })]));
  t.notOk(step(now, [span({ 'process.command_line': 'nothing' })]), 'the same event with another earlier step is evaluated again');
});
