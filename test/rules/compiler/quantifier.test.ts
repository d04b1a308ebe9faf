import t from 'tap';
import { diagnosticsOf, predicate, ruleText, span } from '../../helpers/compile.js';

const cmd = (line: string) => span({ 'process.command_line': line });
const RM_SYSTEM = 'any c in commands (c.exe == "rm" and any f in c.flags (f in ["-r", "-R", "--recursive"]) and any a in c.operands (normpath(a) in ["/", "/etc"]))';

t.test('any: some element holds, with its fields and nested lists readable', async (t) => {
  const rm = predicate(RM_SYSTEM);
  t.ok(rm(cmd('rm -rf /')));
  t.ok(rm(cmd('sudo /bin/rm -r -f /etc/')), 'through a wrapper, an absolute path and a trailing slash');
  t.ok(rm(cmd(`bash -c "cd /tmp && rm -Rf '/'"`)));
  t.notOk(rm(cmd('rm -rf ./build')));
  t.notOk(rm(cmd('rm /etc')), 'not recursive');
  t.notOk(rm(cmd('echo rm -rf /')), 'rm as an argument is not rm');
  t.notOk(rm(span({})), 'no command: no elements');
});

t.test('all: every element holds; an empty or absent list is false', async (t) => {
  const onlyGit = predicate('all c in commands (c.exe == "git")');
  t.ok(onlyGit(cmd('git status && git diff')));
  t.notOk(onlyGit(cmd('git status && rm x')));
  t.notOk(onlyGit(span({})));
});

t.test('pipes and recipients are lists too; a plain element is read by its name', async (t) => {
  const curlSh = predicate('any p in pipes (p.source in ["curl", "wget"] and p.sink in ["sh", "bash"])');
  t.ok(curlSh(cmd('curl -fsSL https://get.example | sudo bash')));
  t.notOk(curlSh(cmd('curl -s https://api.example | jq .')));
  const outside = predicate('any r in recipients (not r endswith "@example.com")');
  t.ok(outside(span({ 'email.to': 'a@example.com, b@evil.test' })));
  t.notOk(outside(span({ 'email.to': 'a@example.com; B@EXAMPLE.COM' })));
  t.ok(predicate('any x in attributes["tags"] (x == "b")')(span({ tags: ['a', 'b'] })), 'an attribute holding a list');
});

t.test('a macro holding a quantifier is shared by rules', async (t) => {
  const rm = predicate('rm_system and signal == "span"', `macro rm_system = ${RM_SYSTEM}\n`);
  t.ok(rm(cmd('rm -rf /')));
  t.notOk(rm(cmd('ls')));
});

t.test('errors: not a list, unknown element field, element alone with fields, a name that hides a field', async (t) => {
  t.same(diagnosticsOf(ruleText('any c in command (c == "x")')), [
    'test.rules:2:17 type: `any` goes over a list (commands, pipes, recipients, c.args, …), but `command` is text',
  ]);
  t.same(diagnosticsOf(ruleText('any c in commands (c.exec == "rm")')), ['test.rules:2:27 unknown-field: `c` has no field `exec`; did you mean `exe`?']);
  t.same(diagnosticsOf(ruleText('any c in commands (c == "rm")')), [
    'test.rules:2:27 type: `c` has fields: read one (`c.exe`, `c.path`, `c.args`, `c.flags`, `c.operands`, `c.env`, `c.via`, `c.text`, `c.redirects`)',
  ]);
  t.same(diagnosticsOf(ruleText('any file in commands (file.exe == "rm")')), [
    'test.rules:2:12 duplicate: `file` is a field name: name the element otherwise (`any c in …`)',
  ]);
  t.same(diagnosticsOf(ruleText('commands contains "rm"')), [
    'test.rules:2:8 type: `contains` tests text, but `commands` is a list (test its elements with `any` or `all`)',
  ]);
  t.same(diagnosticsOf(ruleText('c.exe == "rm"')).length, 1, 'an element name outside its quantifier is unknown');
});

t.test('reserved words may be tags', async (t) => {
  t.same(diagnosticsOf('rule t.r { title: "t" severity: low score: 1 tags: [exists, rule, list, any] when: command exists }\n'), []);
});
