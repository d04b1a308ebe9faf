import type { IToken } from 'chevrotain';
import type { Declaration, Name } from './ast.js';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import { tokenize } from './lexer.js';
import { parser } from './parser.js';
import type { SourceFile } from './source.js';
import { toAst } from './to-ast.js';

/** One file's declarations, and the names of those that did not parse. */
export interface ParsedFile {
  readonly declarations: Declaration[];
  /** Lists, macros and rules whose declaration has a syntax error: references to them are not errors too. */
  readonly broken: { readonly kind: 'list' | 'macro' | 'rule'; readonly name: Name }[];
  readonly diagnostics: Diagnostic[];
}

const STARTS = new Set(['List', 'Macro', 'Rule', 'Extend']);
const BROKEN_KIND: Readonly<Record<string, 'list' | 'macro' | 'rule'>> = { List: 'list', Macro: 'macro', Rule: 'rule', Extend: 'rule' };

/**
 * Cuts the token stream before every `list`, `macro`, `rule` and `extend` (reserved words that
 * start declarations and appear nowhere else, except `rule` right after `extend`), so a syntax
 * error costs only its own declaration and every other one is still checked.
 */
function declarationsOf(tokens: IToken[]): IToken[][] {
  const pieces: IToken[][] = [];
  let brackets = 0;
  tokens.forEach((token, i) => {
    const type = token.tokenType.name;
    brackets = type === 'LBracket' ? brackets + 1 : type === 'RBracket' ? Math.max(0, brackets - 1) : brackets;
    const previous = tokens[i - 1]?.tokenType.name;
    // A reserved word as an item of `[…]` (`tags: [rule, list]`) is a word, not a declaration's start.
    const item = brackets > 0 && (previous === 'LBracket' || previous === 'Comma');
    const starts = STARTS.has(type) && !item && !(type === 'Rule' && previous === 'Extend');
    if (starts || pieces.length === 0) pieces.push([]);
    pieces[pieces.length - 1].push(token);
  });
  return pieces;
}

/** Lexes and parses one file into AST declarations, with every syntax error it can find. */
export function parseFile(source: SourceFile): ParsedFile {
  const { tokens, diagnostics } = tokenize(source);
  const result: ParsedFile = { declarations: [], broken: [], diagnostics };
  const pieces = declarationsOf(tokens);
  pieces.forEach((piece, i) => {
    // The next declaration's first token goes along, so a declaration cut short reads
    // "expected … but found `rule`" (pointing at it) rather than ending silently.
    const next = pieces[i + 1]?.[0];
    parser.input = next ? [...piece, next] : piece;
    const cst = parser.declaration();
    const error = parser.errors.find((e) => !(e.name === 'NotAllInputParsedException' && e.token === next));
    if (error === undefined) {
      result.declarations.push(toAst(cst, source, diagnostics));
      return;
    }
    // At the end of the input Chevrotain's token has no offset: point just past the last token.
    const atEnd = Number.isNaN(error.token.startOffset);
    const start = atEnd ? piece[piece.length - 1].endOffset! + 1 : error.token.startOffset;
    const end = atEnd ? start + 1 : error.token.endOffset! + 1;
    diagnostics.push(diagnosticAt({ source, start, end }, 'syntax', error.message));
    const nameToken = piece.find((t, k) => k > 0 && k <= 2 && t.tokenType.name === 'Identifier');
    const kind = BROKEN_KIND[piece[0].tokenType.name];
    if (kind && nameToken) result.broken.push({ kind, name: { text: nameToken.image, at: { source, start: nameToken.startOffset, end: nameToken.endOffset! + 1 } } });
  });
  return result;
}
