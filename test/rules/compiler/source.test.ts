import t from 'tap';
import { diagnosticAt, formatDiagnostic } from '../../../src/rules/compiler/diagnostics.js';
import { SourceFile } from '../../../src/rules/compiler/source.js';

t.test('offsets become 1-based lines and columns', async (t) => {
  const source = new SourceFile('a.rules', 'ab\ncd\r\n\nxyz');
  t.same(source.position(0), { line: 1, column: 1 });
  t.same(source.position(3), { line: 2, column: 1 });
  t.same(source.position(4), { line: 2, column: 2 });
  t.same(source.position(7), { line: 3, column: 1 });
  t.same(source.position(10), { line: 4, column: 3 });
  t.same(source.position(999), { line: 4, column: 4 }, 'past the end is the end');
  t.equal(source.line(2), 'cd', 'a CRLF line has no \\r');
});

t.test('a code frame shows the line and carets under the span', async (t) => {
  const source = new SourceFile('a.rules', 'rule x {\n  when: tool.nme == "bash"\n}');
  t.equal(source.frame(17, 8), '2 |   when: tool.nme == "bash"\n  |         ^^^^^^^^');
  t.equal(source.frame(17, 500), '2 |   when: tool.nme == "bash"\n  |         ' + '^'.repeat(18), 'carets stop at the end of the line');
  t.equal(source.frame(17, 0), '2 |   when: tool.nme == "bash"\n  |         ^', 'at least one caret');
});

t.test('tabs are kept in the caret line so the caret lines up', async (t) => {
  const source = new SourceFile('a.rules', '\twhen: x');
  t.equal(source.frame(7, 1), '1 | \twhen: x\n  | \t      ^');
});

t.test('a diagnostic formats as file:line:col: severity code: message, then the frame', async (t) => {
  const source = new SourceFile('r/a.rules', 'list x = [1]\nlist x = [2]');
  const d = diagnosticAt({ source, start: 18, end: 19 }, 'duplicate', 'list `x` is already declared at r/a.rules:1');
  t.equal(formatDiagnostic(d), 'r/a.rules:2:6: error duplicate: list `x` is already declared at r/a.rules:1\n2 | list x = [2]\n  |      ^');
});
