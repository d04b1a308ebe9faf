import t from 'tap';
import { tokenize } from '../../../src/rules/compiler/lexer.js';
import { SourceFile } from '../../../src/rules/compiler/source.js';

const lex = (text: string) => tokenize(new SourceFile('a.rules', text));
const kinds = (text: string) => lex(text).tokens.map((token) => `${token.tokenType.name}:${token.image}`);

t.test('identifiers may hold inner dots and dashes', async (t) => {
  t.same(kinds('tool.name AML.T0051.000 pause-session T1552.001 x_1'), [
    'Identifier:tool.name',
    'Identifier:AML.T0051.000',
    'Identifier:pause-session',
    'Identifier:T1552.001',
    'Identifier:x_1',
  ]);
});

t.test('keywords are reserved, but only as whole words', async (t) => {
  t.same(kinds('in index not notify rule rules.x'), ['In:in', 'Identifier:index', 'Not:not', 'Identifier:notify', 'Rule:rule', 'Identifier:rules.x']);
  t.same(kinds('contains icontains startswith endswith glob matches cidr').map((k) => k.split(':')[0]), [
    'Contains', 'Icontains', 'Startswith', 'Endswith', 'Glob', 'Matches', 'Cidr',
  ]);
});

t.test('strings in both quotes with escapes stay one token each', async (t) => {
  t.same(kinds(`"a \\"b\\" c" 'it\\'s' "\\u00e9\\n"`), [`StringLiteral:"a \\"b\\" c"`, `StringLiteral:'it\\'s'`, `StringLiteral:"\\u00e9\\n"`]);
});

t.test('numbers, underscores, negatives and durations', async (t) => {
  t.same(kinds('42 1.5 2_000_000 -1 500ms 30s 10m 1h 1d 10y'), [
    'NumberLiteral:42', 'NumberLiteral:1.5', 'NumberLiteral:2_000_000', 'NumberLiteral:-1',
    'DurationLiteral:500ms', 'DurationLiteral:30s', 'DurationLiteral:10m', 'DurationLiteral:1h', 'DurationLiteral:1d', 'DurationLiteral:10y',
  ]);
});

t.test('regex literals with flags, escaped slashes and slashes inside a class', async (t) => {
  t.same(kinds('/rm\\s+-rf/ /a\\/b/i /[/]x/sm'), ['RegexLiteral:/rm\\s+-rf/', 'RegexLiteral:/a\\/b/i', 'RegexLiteral:/[/]x/sm']);
});

t.test('operators and punctuation, longest first', async (t) => {
  t.same(kinds('== != <= >= < > = += { } [ ] ( ) , :').map((k) => k.split(':')[0]), [
    'EqEq', 'NotEq', 'LtEq', 'GtEq', 'Lt', 'Gt', 'Equals', 'PlusEquals', 'LBrace', 'RBrace', 'LBracket', 'RBracket', 'LParen', 'RParen', 'Comma', 'Colon',
  ]);
});

t.test('comments and whitespace are skipped', async (t) => {
  t.same(kinds('a # b "c"\n  d\t# e'), ['Identifier:a', 'Identifier:d']);
});

t.test('lexing errors say what is wrong, where', async (t) => {
  const unterminated = lex('x == "abc\ny');
  t.same(unterminated.diagnostics.map((d) => [d.line, d.column, d.code, d.message]), [[1, 6, 'lex', 'unterminated string']]);
  t.equal(unterminated.diagnostics[0].frame, '1 | x == "abc\n  |      ^^^^');
  const habits = lex('a && b || !c');
  t.same(habits.diagnostics.map((d) => [d.column, d.message]), [
    [3, 'unexpected character `&`; write `and`'],
    [8, 'unexpected character `|`; write `or`'],
    [11, 'unexpected character `!`; write `not` or `!=`'],
  ]);
  t.same(lex('x matches /abc').diagnostics.map((d) => d.message), ['unterminated regular expression (or a `/` where a value was expected)']);
});
