import t from 'tap';
import { compile, diagnosticsOf, rulesOf, span } from '../../helpers/compile.js';

const header = 'title: "t" severity: low score: 1';

t.test('`+=` appends to a list from any file, whichever file comes first', async (t) => {
  const shipped = { path: 'a/shipped.rules', text: `list hosts = ["evil.example"]\nrule r { ${header}\n when: url.host in hosts }` };
  const local = { path: 'b/local.rules', text: 'list hosts += ["bad.example"]' };
  for (const files of [[shipped, local], [local, shipped]]) {
    const result = compile(files);
    t.same(result.diagnostics, []);
    t.same(result.lists.get('hosts'), ['evil.example', 'bad.example'], 'declared items first, then appends');
    const [rule] = result.rules;
    if (rule.kind !== 'single') throw new Error('single rule expected');
    t.ok(rule.match(span({ 'server.address': 'bad.example' })), 'the appended item is used by the rule');
    t.ok(rule.match(span({ 'server.address': 'evil.example' })));
  }
});

t.test('duplicate rule ids, lists and macros across files name the first declaration', async (t) => {
  t.same(
    diagnosticsOf([
      { path: 'a.rules', text: `rule r.x { ${header} when: a.b exists }\nlist l = []\nmacro m = command exists` },
      { path: 'b.rules', text: `\nrule r.x { ${header} when: command exists }\nlist l = [1]\nmacro m = url exists` },
    ]),
    [
      'a.rules:1:52 unknown-field: unknown field `a.b`; a raw attribute is read as attributes["a.b"]',
      'b.rules:2:6 duplicate: rule `r.x` is already declared at a.rules:1',
      'b.rules:3:6 duplicate: list `l` is already declared at a.rules:2',
      'b.rules:4:7 duplicate: macro `m` is already declared at a.rules:3',
    ],
  );
});

t.test('`+=` to a list nobody declares, and a list named like a field', async (t) => {
  t.same(diagnosticsOf('list hostz += ["x"]\nlist hosts = []\nlist command = ["x"]'), [
    'test.rules:1:6 unknown-list: `+=` appends to list `hostz`, which is not declared; did you mean `hosts`?',
    'test.rules:3:6 duplicate: list `command` has the name of a field; pick another name',
  ]);
});

t.test('macros may use macros declared anywhere, in any order', async (t) => {
  const rules = rulesOf([
    { path: 'a.rules', text: `rule r { ${header}\n when: outer }` },
    { path: 'b.rules', text: 'macro outer = inner and command contains "curl"\nmacro inner = operation == "execute_tool"' },
  ]);
  const rule = rules[0];
  if (rule.kind !== 'single') throw new Error('single rule expected');
  t.ok(rule.match(span({ 'gen_ai.tool.name': 'bash', 'process.command_line': 'curl x' })));
  t.notOk(rule.match(span({ 'process.command_line': 'curl x' })), 'inner macro requires a tool call');
});

t.test('macro cycles are reported once, with the path', async (t) => {
  t.same(diagnosticsOf(`macro a = b and command exists\nmacro b = c\nmacro c = a\nmacro self = self\nrule r { ${header} when: a }`), [
    'test.rules:1:7 macro-cycle: macro `a` uses itself: a → b → c → a',
    'test.rules:4:7 macro-cycle: macro `self` uses itself: self → self',
  ]);
});

t.test('`extend rule` adds exceptions to a rule from another file', async (t) => {
  const rules = rulesOf([
    { path: 'a.rules', text: `rule fs.read { ${header}\n when: file.path startswith "/etc/"\n except ws: agent.id == "ws" }` },
    { path: 'z.rules', text: 'extend rule fs.read {\n except ci_runner: agent.id == "ci-bot"\n except other: file.path == "/etc/hosts" }' },
  ]);
  const rule = rules[0];
  if (rule.kind !== 'single') throw new Error('single rule expected');
  t.ok(rule.match(span({ 'file.path': '/etc/passwd', 'agent.id': 'dev' })));
  t.notOk(rule.match(span({ 'file.path': '/etc/passwd', 'agent.id': 'ci-bot' })), 'the extension exception applies');
  t.notOk(rule.match(span({ 'file.path': '/etc/passwd', 'agent.id': 'ws' })), 'the rule\'s own exception still applies');
  t.notOk(rule.match(span({ 'file.path': '/etc/hosts' })));
});

t.test('`extend rule` of an unknown rule, with anything but except, or repeating an exception name', async (t) => {
  t.same(
    diagnosticsOf(`rule fs.read { ${header}\n when: file.path exists\n except a: agent.id == "x" }\nextend rule fs.raed { except b: agent.id == "y" }\nextend rule fs.read {\n title: "new"\n except a: agent.id == "z" }`),
    [
      'test.rules:4:13 unknown-rule: extend rule: no rule `fs.raed`; did you mean `fs.read`?',
      'test.rules:6:2 bad-property: `extend rule` may add `except` clauses and set `enabled:`, `severity:`, `score:`, `tags:`, `actions:`',
      'test.rules:7:9 duplicate: rule `fs.read` already has an exception `a`',
    ],
  );
});

t.test('names from declarations with syntax errors are not reported again as unknown', async (t) => {
  t.same(diagnosticsOf(`list l = ["a" "b"]\nmacro m = x ==\nrule r { title "x" }\nrule ok { ${header}\n when: m and command in l }\nextend rule r { except e: command exists }\nlist l += ["c"]`), [
    'test.rules:1:15 syntax: expected `]` but found `"b"`',
    'test.rules:3:1 syntax: expected a value or a list but found `rule`',
    'test.rules:3:16 syntax: expected `:` but found `"x"`',
  ]);
});
