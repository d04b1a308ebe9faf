import { createToken, Lexer, type ILexingError, type IToken, type TokenType } from 'chevrotain';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import type { SourceFile } from './source.js';

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: Lexer.SKIPPED });

/** Letters, digits and `_`, with inner `.` and `-`: `tool.name`, `AML.T0051.000`, `pause-session`. */
const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)*/, label: 'a name' });

/** Every reserved word: names cannot be one, but a tag may (`tags: [exists, rule]`). */
const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA, label: 'a reserved word' });

// Keywords are reserved words that would otherwise be identifiers (`index` is still an identifier).
const keyword = (word: string, categories: TokenType[] = []): TokenType =>
  createToken({ name: word[0].toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier, label: `\`${word}\``, categories: [Keyword, ...categories] });

/** `==`, `!=`, `<`, `<=`, `>`, `>=`. */
const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA, label: 'a comparison operator' });
/** `contains`, `icontains`, `startswith`, `endswith`, `glob`, `matches`, `cidr`. */
const StringOp = createToken({ name: 'StringOp', pattern: Lexer.NA, label: 'a string operator' });

const List = keyword('list');
const Macro = keyword('macro');
const Rule = keyword('rule');
const Extend = keyword('extend');
const Except = keyword('except');
const When = keyword('when');
const Threshold = keyword('threshold');
const Sequence = keyword('sequence');
const Step = keyword('step');
const Until = keyword('until');
const Within = keyword('within');
const By = keyword('by');
const And = keyword('and');
const Or = keyword('or');
const Not = keyword('not');
const In = keyword('in');
const Exists = keyword('exists');
const True = keyword('true');
const False = keyword('false');
const Any = keyword('any');
const All = keyword('all');
const STRING_OPS = ['contains', 'icontains', 'startswith', 'endswith', 'glob', 'matches', 'cidr'].map((w) => keyword(w, [StringOp]));

/** `"…"` or `'…'`; escapes are decoded (and checked) when building the AST. */
const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'/, label: 'a string' });
/** `/…/flags`; a `/` inside `[…]` needs no escape, as in JavaScript. */
const RegexLiteral = createToken({ name: 'RegexLiteral', pattern: /\/(?:[^/\\\r\n[]|\\.|\[(?:[^\]\\\r\n]|\\.)*\])+\/[A-Za-z]*/, label: 'a regular expression' });
/** A number with a unit (`10m`); the unit is checked later so `10y` gets a precise message. */
const DurationLiteral = createToken({ name: 'DurationLiteral', pattern: /\d(?:_?\d)*(?:\.\d+)?[A-Za-z]+/, label: 'a duration' });
/** `42`, `-1`, `1.5`, `2_000_000`. */
const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?\d(?:_?\d)*(?:\.\d(?:_?\d)*)?/, label: 'a number' });

const punct = (name: string, text: string, categories?: TokenType[]): TokenType =>
  createToken({ name, pattern: text, label: `\`${text}\``, categories: categories ?? [] });

const LBrace = punct('LBrace', '{');
const RBrace = punct('RBrace', '}');
const LBracket = punct('LBracket', '[');
const RBracket = punct('RBracket', ']');
const LParen = punct('LParen', '(');
const RParen = punct('RParen', ')');
const Comma = punct('Comma', ',');
const Colon = punct('Colon', ':');
const PlusEquals = punct('PlusEquals', '+=');
const MinusEquals = punct('MinusEquals', '-=');
// Two-character operators come first: the lexer takes the first pattern that matches.
const COMPARE_OPS = [
  punct('EqEq', '==', [CompareOp]),
  punct('NotEq', '!=', [CompareOp]),
  punct('LtEq', '<=', [CompareOp]),
  punct('GtEq', '>=', [CompareOp]),
  punct('Lt', '<', [CompareOp]),
  punct('Gt', '>', [CompareOp]),
];
const Equals = punct('Equals', '=');

/** The token types the parser consumes, by name. */
export const Tok = {
  Identifier, CompareOp, StringOp, List, Macro, Rule, Extend, Except, When, Threshold, Sequence, Step, Until,
  Within, By, And, Or, Not, In, Exists, True, False, Any, All, Keyword, StringLiteral, RegexLiteral, DurationLiteral,
  NumberLiteral, LBrace, RBrace, LBracket, RBracket, LParen, RParen, Comma, Colon, PlusEquals, MinusEquals, Equals,
};

/** Every token type, in matching order. */
export const TOKENS: TokenType[] = [
  WhiteSpace, Comment, MinusEquals, StringLiteral, RegexLiteral, DurationLiteral, NumberLiteral,
  List, Macro, Rule, Extend, Except, When, Threshold, Sequence, Step, Until, Within, By,
  And, Or, Not, In, Exists, True, False, Any, All, ...STRING_OPS, Keyword, CompareOp, StringOp,
  Identifier, LBrace, RBrace, LBracket, RBracket, LParen, RParen, Comma, Colon, PlusEquals,
  ...COMPARE_OPS, Equals,
];

const lexer = new Lexer(TOKENS, { positionTracking: 'full', ensureOptimizations: false });

// What people type out of habit from other languages, and what to write instead.
const HINTS: Readonly<Record<string, string>> = { '&': '; write `and`', '|': '; write `or`', '!': '; write `not` or `!=`' };

function lexDiagnostic(source: SourceFile, error: ILexingError): Diagnostic {
  const char = source.text[error.offset];
  const at = { source, start: error.offset, end: error.offset + error.length };
  if (char === '"' || char === "'") {
    const eol = source.text.indexOf('\n', error.offset);
    return diagnosticAt({ ...at, end: eol < 0 ? source.text.length : eol }, 'lex', 'unterminated string');
  }
  if (char === '/') return diagnosticAt({ ...at, end: error.offset + 1 }, 'lex', 'unterminated regular expression (or a `/` where a value was expected)');
  return diagnosticAt(at, 'lex', `unexpected character \`${char}\`${HINTS[char] ?? ''}`);
}

/** The tokens of one file and a diagnostic per run of characters no token matches. */
export function tokenize(source: SourceFile): { tokens: IToken[]; diagnostics: Diagnostic[] } {
  const result = lexer.tokenize(source.text);
  return { tokens: result.tokens, diagnostics: result.errors.map((e) => lexDiagnostic(source, e)) };
}
