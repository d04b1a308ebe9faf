import RE2 from 're2';
import t from 'tap';
import { compileRegex, PatternGroup, regexError } from '../../../src/rules/compiler/regex.js';
import { eventFromCase } from '../../../src/rules/index.js';
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

t.test('a large group runs as one RE2.Set, once per event, shared by every rule on the subject', async (t) => {
  const words = ['curl', 'wget', 'nc -e', 'base64 -d', 'chmod 777', 'mkfifo', 'dd if=', 'crontab', 'iptables', 'useradd'];
  const text = words.map((w, i) => `rule r${i} { title: "t" severity: low score: 1\n when: command matches /${w.replace('/', '\\/')}/${i % 2 ? 'i' : ''} }`).join('\n');
  const rules = rulesOf(text);
  const original = RE2.Set.prototype.match;
  let calls = 0;
  RE2.Set.prototype.match = function (this: InstanceType<typeof RE2.Set>, input: string | Buffer) {
    calls++;
    return original.call(this, input);
  };
  t.teardown(() => {
    RE2.Set.prototype.match = original;
  });
  const event = span({ 'process.command_line': 'MKFIFO /tmp/f; nc -e /bin/sh x' });
  const matched = rules.filter((rule) => rule.kind === 'single' && rule.match(event)).map((rule) => rule.id);
  t.same(matched, ['r2', 'r5'], 'r5 matches case-insensitively through its inline flag');
  t.equal(calls, 1, 'ten rules, one set evaluation');
  const other = span({ 'process.command_line': 'curl http://x' });
  t.same(rules.filter((rule) => rule.kind === 'single' && rule.match(other)).map((rule) => rule.id), ['r0']);
  t.equal(calls, 2, 'a new event evaluates the set again');
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
