import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadRuleSet, readRuleFiles } from '../../../src/rules/index.js';

const rule = (id: string, condition = 'command exists') => `rule ${id} { title: "t" severity: low score: 1 when: ${condition} }\n`;

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

t.test('a directory gives every *.rules under it, sorted; other files are ignored', async (t) => {
  const root = tree({ 'b.rules': rule('b'), 'a.rules': rule('a'), 'sub/c.rules': rule('c'), 'a.test.yaml': '- x', 'notes.md': '#' });
  const { files, diagnostics } = await readRuleFiles([root]);
  t.same(diagnostics, []);
  t.same(files.map((f) => f.path.slice(root.length + 1)), ['a.rules', 'b.rules', 'sub/c.rules']);
  const result = await loadRuleSet([root]);
  t.same(result.rules.map((r) => r.id), ['a', 'b', 'c']);
  t.same(result.files, files.map((f) => f.path));
});

t.test('files named directly are read whatever their name, each once', async (t) => {
  const root = tree({ 'x.txt': rule('x'), 'y.rules': rule('y') });
  const result = await loadRuleSet([join(root, 'x.txt'), root, join(root, 'y.rules')]);
  t.same(result.rules.map((r) => r.id), ['x', 'y']);
});

t.test('a missing path is an error and no rules load', async (t) => {
  const root = tree({ 'a.rules': rule('a') });
  const missing = join(root, 'nope');
  const result = await loadRuleSet([root, missing]);
  t.same(result.rules, []);
  t.equal(result.diagnostics.length, 1);
  t.match(result.diagnostics[0], { file: missing, line: 1, column: 1, code: 'io', message: /^cannot read rules: ENOENT/ });
});

t.test('diagnostics name the file as given', async (t) => {
  const root = tree({ 'bad.rules': rule('a', 'comand exists') });
  const result = await loadRuleSet([root]);
  t.same(result.diagnostics.map((d) => `${d.file.slice(root.length + 1)}:${d.line}:${d.column}`), ['bad.rules:1:50']);
});
