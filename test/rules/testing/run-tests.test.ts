import { join } from 'node:path';
import t from 'tap';
import { compileRuleSet } from '../../../src/rules/compiler/compile.js';
import { findRuleTests, formatRuleTests, runRuleTests } from '../../../src/rules/testing/run-tests.js';
import { sequenceRule, singleRule, tool } from '../../helpers/rules.js';

const rules = [
  singleRule('bash', tool('bash')),
  sequenceRule('a_then_b', [['a', tool('a')], ['b', tool('b')]], 60_000),
  singleRule('throws', () => { throw new Error('boom'); }),
];

const SINGLE = `
- rule: bash
  match:
    - attributes: { gen_ai.tool.name: bash }
    - attributes: { gen_ai.tool.name: python }
  no_match:
    - attributes: { gen_ai.tool.name: ls }
    - attributes: { gen_ai.tool.name: bash }
- rule: missing.rule
  match: [ { attributes: {} } ]
- rule: throws
  no_match: [ { attributes: {} } ]
- rule: bash
  match: [ { colour: red } ]
`;
const STREAM = `
- rule: a_then_b
  events:
    - { at: 0s, attributes: { session.id: s1, gen_ai.tool.name: a } }
    - { at: 30s, attributes: { session.id: s1, gen_ai.tool.name: b } }
  expect: 1
- rule: a_then_b
  events:
    - { at: 0s, attributes: { session.id: s1, gen_ai.tool.name: a } }
    - { at: 30s, attributes: { session.id: s2, gen_ai.tool.name: b } }
  expect: 1
- match: []
- rule: a_then_b
  events: [ { at: 0s } ]
`;

t.test('every case passes or fails with what was expected and what was seen', async (t) => {
  const dir = t.testdir({ 'single.test.yaml': SINGLE, nested: { 'stream.test.yaml': STREAM, 'notes.yaml': '[]' } });
  const files = await findRuleTests([dir]);
  t.same(files, [join(dir, 'nested', 'stream.test.yaml'), join(dir, 'single.test.yaml')], 'only *.test.yaml, sorted, at any depth');
  const results = await runRuleTests(files, { rules });
  const single = join(dir, 'single.test.yaml');
  const stream = join(dir, 'nested', 'stream.test.yaml');
  t.same(results.map((r) => [r.file, r.rule, r.name, r.failure]), [
    [stream, '', 'file', 'case 3: `rule` (the rule id) is missing'],
    [stream, '', 'file', 'case 4 (a_then_b): `expect` must be a whole number of detections'],
    [stream, 'a_then_b', 'events', undefined],
    [stream, 'a_then_b', 'events', 'expected 1 detection, saw 0'],
    [single, 'bash', 'match #1', undefined],
    [single, 'bash', 'match #2', 'expected the event to raise the rule; it did not'],
    [single, 'bash', 'no_match #1', undefined],
    [single, 'bash', 'no_match #2', 'expected the event not to raise the rule; it raised 1 detection'],
    [single, 'missing.rule', 'match #1', 'rule missing.rule is not in the rule set'],
    [single, 'throws', 'no_match #1', 'the rule threw at run time (1 time)'],
    [single, 'bash', 'match #1', "the case's events cannot be built: unknown event key colour; keys are signal, name, event_name, body, severity, kind, status, at, attributes, resource"],
  ]);
  const lines = formatRuleTests(results).split('\n');
  t.equal(lines.at(-1), '3 passed, 8 failed');
  t.equal(lines[3], `FAIL ${stream}: a_then_b events: expected 1 detection, saw 0`);
  t.equal(lines[4], `ok   ${single}: bash match #1`);
});

t.test('a file that is not a list of cases fails as a whole', async (t) => {
  const dir = t.testdir({ 'bad.test.yaml': 'rule: bash\n', 'broken.test.yaml': '- [unclosed\n' });
  const results = await runRuleTests(await findRuleTests([join(dir, 'bad.test.yaml'), join(dir, 'broken.test.yaml')]), { rules });
  t.equal(results.length, 2);
  t.equal(results[0].failure, 'the file must be a list of cases');
  t.match(results[1].failure, /^cannot read the file: /);
  t.equal(formatRuleTests(results).split('\n').at(-1), '0 passed, 2 failed');
});

t.test('rules compiled from text, tested from YAML, as `vigil rules test` runs them', async (t) => {
  const { rules: compiled, diagnostics } = compileRuleSet([{ path: 'exfil.rules', text: `
list sensitive_files = ["*/.env", "/etc/shadow"]
rule exfil.secret_then_egress {
  title: "Secret read, then egress"
  severity: critical
  score: 90
  message: "{secret.file.path} read, then {url.host} contacted"
  sequence by session.id within 10m {
    step secret: file.path glob sensitive_files
    step egress: url.host exists and not url.host glob ["*.internal"]
    until: name == "session.end"
  }
}` }]);
  t.same(diagnostics, []);
  const dir = t.testdir({ 'exfil.test.yaml': `
- rule: exfil.secret_then_egress
  events:
    - { at: 0s,  attributes: { session.id: s1, file.path: /home/dev/.env } }
    - { at: 30s, attributes: { session.id: s1, url.full: "https://paste.example/up" } }
  expect: 1
- rule: exfil.secret_then_egress
  events:
    - { at: 0s,  attributes: { session.id: s1, file.path: /home/dev/.env } }
    - { at: 10s, name: session.end, attributes: { session.id: s1 } }
    - { at: 30s, attributes: { session.id: s1, url.full: "https://paste.example/up" } }
  expect: 0
- rule: exfil.secret_then_egress
  events:
    - { at: 20s, attributes: { session.id: s1, url.full: "https://paste.example/up" } }
    - { at: 5s,  attributes: { session.id: s1, file.path: /home/dev/.env } }
  expect: 1
` });
  const results = await runRuleTests(await findRuleTests([dir]), { rules: compiled });
  t.same(results.map((r) => r.failure), [undefined, undefined, undefined], 'in order, cancelled by until, and out of order within the lateness');
  t.equal(formatRuleTests(results).split('\n').at(-1), '3 passed, 0 failed');
});
