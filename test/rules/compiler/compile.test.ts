import { readFileSync } from 'node:fs';
import t from 'tap';
import { eventFromCase, type CompiledRule } from '../../../src/rules/index.js';
import { compile, rulesOf, span } from '../../helpers/compile.js';

const only = <K extends CompiledRule['kind']>(rules: readonly CompiledRule[], kind: K) => {
  const rule = rules[0];
  if (rule.kind !== kind) throw new Error(`${kind} rule expected`);
  return rule as Extract<CompiledRule, { kind: K }>;
};

t.test('the example of docs/rules.md compiles with its metadata', async (t) => {
  const rule = only(
    rulesOf([
      {
        path: 'rules.d/fs.rules',
        text: `list sensitive_files = ["/etc/shadow", "/etc/sudoers", "*/.ssh/id_*", "*/.aws/credentials"]

rule fs.sensitive_file_read {
  title: "Agent read a sensitive file"
  description: "A tool or shell command touched credentials or system secrets."
  severity: high
  score: 70
  tags: [AML.T0037, T1552.001, credentials, credentials]
  message: "{tool.name} read {file.path} in session {session.id}"
  actions: [alert, kill-session]
  when: normpath(file.path) glob sensitive_files
  except workspace: file.path startswith "/workspace/fixtures/"
}`,
      },
    ]),
    'single',
  );
  t.match(rule, {
    id: 'fs.sensitive_file_read',
    title: 'Agent read a sensitive file',
    description: 'A tool or shell command touched credentials or system secrets.',
    severity: 'high',
    score: 70,
    tags: ['AML.T0037', 'T1552.001', 'credentials'],
    actions: ['alert', 'kill-session'],
    source: 'rules.d/fs.rules:3:1',
    index: [{ field: 'file.path' }],
  });
  const event = span({ 'gen_ai.tool.name': 'read_file', 'file.path': '/home/dev/../dev/.ssh/./id_ed25519', 'session.id': 's-1' });
  t.ok(rule.match(event));
  t.equal(rule.message(event), 'read_file read /home/dev/../dev/.ssh/./id_ed25519 in session s-1');
  t.notOk(rule.match(span({ 'file.path': '/workspace/fixtures/.ssh/id_rsa' })), 'the exception');
});

t.test('message templates: maps, braces, absent fields, default title', async (t) => {
  const rules = rulesOf(`rule a { title: "Title A" severity: low score: 1 when: command exists
  message: 'ran {command} as {attributes["user.name"]} on {resource["host.name"]} {{literal}} [{url}]' }
rule b { title: "Title B" severity: low score: 1 when: command exists }`);
  const event = span({ 'process.command_line': 'ls', 'user.name': 'dev' }, { 'host.name': 'box' });
  t.equal(rules[0].message(event), 'ran ls as dev on box {literal} []');
  t.equal(rules[1].message(event), 'Title B');
});

t.test('thresholds: aggregate, bound, window, grouping getters', async (t) => {
  const rules = rulesOf(`rule flood { title: "t" severity: medium score: 40
  when: operation == "execute_tool"
  threshold: count > 100 within 1m by session.id }
rule fanout { title: "t" severity: medium score: 40
  when: url.host exists
  threshold: distinct(url.host) > 20 within 10m by agent.id }
rule spend { title: "t" severity: medium score: 40
  when: tokens.input exists
  threshold: sum(tokens.input) >= 2_000_000 within 1h by session.id, lower(user.id)
  except small: tokens.input < 10 }`);
  const [flood, fanout, spend] = rules.map((r) => (r.kind === 'threshold' ? r : undefined)!);
  t.match(flood.threshold, { aggregate: 'count', op: '>', bound: 100, windowMs: 60_000, groupByNames: ['session.id'] });
  t.equal(flood.threshold.field, undefined);
  t.match(fanout.threshold, { aggregate: 'distinct', fieldName: 'url.host', bound: 20, windowMs: 600_000, groupByNames: ['agent.id'] });
  t.match(spend.threshold, { aggregate: 'sum', fieldName: 'tokens.input', op: '>=', bound: 2_000_000, windowMs: 3_600_000, groupByNames: ['session.id', 'lower(user.id)'] });
  const event = span({ 'server.address': 'Example.com', 'gen_ai.agent.id': 'a1', 'gen_ai.usage.input_tokens': 1500, 'session.id': 's', 'user.id': 'DEV' });
  t.equal(fanout.threshold.field!(event), 'example.com');
  t.same(spend.threshold.groupBy.map((get) => get(event)), ['s', 'dev']);
  t.ok(spend.match(event));
  t.notOk(spend.match(span({ 'gen_ai.usage.input_tokens': 5 })), 'exceptions are folded into the threshold\'s selection');
});

t.test('sequences: steps read earlier steps, until, window, grouping, exceptions on every step', async (t) => {
  const rule = only(
    rulesOf(`list allowed_hosts = ["github.com", "*.github.com"]
rule exfil { title: "t" severity: critical score: 90
  message: "{secret.file.path} then {url.host}"
  sequence by session.id within 10m {
    step secret: file.path glob ["*/.env", "*/.aws/credentials"]
    step egress: url.host exists and not url.host glob allowed_hosts
                 and url.host != secret.url.host
    until: name == "session.end"
  }
  except ci: agent.id == "ci"
}`),
    'sequence',
  );
  const { steps, until, windowMs, by, byNames } = rule.sequence;
  t.same(steps.map((s) => s.name), ['secret', 'egress']);
  t.equal(windowMs, 600_000);
  t.same(byNames, ['session.id']);
  const secret = span({ 'session.id': 's1', 'file.path': '/app/.env', 'server.address': 'localhost' });
  const egress = span({ 'session.id': 's1', 'url.full': 'https://paste.example/up' });
  t.equal(by[0](secret), 's1');
  t.ok(steps[0].match(secret, []));
  t.ok(steps[1].match(egress, [secret]));
  t.notOk(steps[1].match(span({ 'url.full': 'https://api.github.com/x' }), [secret]), 'allowed host');
  t.notOk(steps[1].match(span({ 'url.full': 'http://localhost/x' }), [secret]), 'same host as the secret step');
  t.notOk(steps[0].match(span({ 'file.path': '/app/.env', 'agent.id': 'ci' }), []), 'the exception applies to every step');
  t.ok(until!(eventFromCase({ name: 'session.end' })));
  t.equal(rule.message(egress, [secret, egress]), '/app/.env then paste.example');
  t.equal(rule.message(egress), ' then paste.example', 'without the step events, step fields are empty');
});

t.test('fingerprints: equal for equal behaviour wherever written, different otherwise', async (t) => {
  const text = (condition: string, pad = '') => `${pad}list l = ["a"]\nrule r { title: "t" severity: low score: 1 when: ${condition} }`;
  const fingerprint = (source: string) => rulesOf(source)[0].fingerprint;
  const base = fingerprint(text('command in l'));
  t.match(base, /^[0-9a-f]{32}$/);
  t.equal(fingerprint(text('command in l', '\n\n# moved down\n')), base, 'position does not matter');
  t.equal(fingerprint(text('command in ["a"]')), base, 'a list and its items written in place are the same rule');
  t.not(fingerprint(text('command in ["b"]')), base);
  t.not(fingerprint(text('command in l').replace('score: 1', 'score: 2')), base);
});

t.test('the result lists every list with its appends; errors leave no rules', async (t) => {
  const result = compile([
    { path: 'a.rules', text: 'list l = ["a", 1, /x+/i]\nrule r { title: "t" severity: low score: 1 when: command exists }' },
    { path: 'b.rules', text: 'list l += ["b"]' },
  ]);
  t.same([...result.lists], [['l', ['a', 1, '/x+/i', 'b']]]);
  t.equal(result.rules.length, 1);
  const broken = compile([
    { path: 'a.rules', text: 'rule r { title: "t" severity: low score: 1 when: command exists }' },
    { path: 'b.rules', text: 'rule q { title: "t" severity: low score: 1 when: comand exists }' },
  ]);
  t.equal(broken.rules.length, 0, 'one bad rule in one file keeps the whole set from loading');
  t.same(broken.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`), ['b.rules:1:50']);
});

t.test('the first example of docs/rules.md compiles', async (t) => {
  const doc = readFileSync(new URL('../../../docs/rules.md', import.meta.url), 'utf8');
  const example = /```\n(# A comment[\s\S]*?)```/.exec(doc)![1];
  const rules = rulesOf([{ path: 'docs/rules.md', text: example }]);
  t.same(rules.map((r) => r.id), ['fs.sensitive_file_read']);
});

t.test('what is remembered per event never leaks to another event or another partial sequence', async (t) => {
  const rules = rulesOf(`macro shell = command matches [/curl/, /wget/]
rule a { title: "t" severity: low score: 1 when: shell and lower(command) contains "http" }
rule b { title: "t" severity: low score: 1 when: shell and lower(command) contains "ftp" }
rule s { title: "t" severity: low score: 1
  sequence within 10m {
    step first: command exists
    step second: shell and command contains first.file.path
  } }`);
  const [a, b, s] = rules;
  if (a.kind !== 'single' || b.kind !== 'single' || s.kind !== 'sequence') throw new Error('unexpected rule kinds');
  const http = span({ 'process.command_line': 'curl HTTP://x /tmp/a' });
  const ftp = span({ 'process.command_line': 'wget ftp://y' });
  const none = span({ 'process.command_line': 'ls /tmp/a' });
  for (let round = 0; round < 2; round++) {
    t.same([a.match(http), b.match(http), a.match(ftp), b.match(ftp), a.match(none), b.match(none)], [true, false, false, true, false, false]);
  }
  const second = s.sequence.steps[1].match;
  const withA = span({ 'process.command_line': 'x', 'file.path': '/tmp/a' });
  const withB = span({ 'process.command_line': 'x', 'file.path': '/tmp/b' });
  t.ok(second(http, [withA]), 'one partial');
  t.notOk(second(http, [withB]), 'the same event against another partial');
  t.notOk(second(none, [withA]), 'another event, whose own part fails');
  t.ok(second(http, [withA]), 'and back to the first event');
});
