import type { LineBuilder, ScriptContext } from './builder.js';

// Words: runs of non-space, with quoted parts kept whole; the separators of commands stand alone.
const TOKEN = /(?:[^\s;&|<>()"'`]+|"(?:[^"\\]|\\.)*"?|'[^']*'?|`[^`]*`?)+|&&|\|\||[;&|\n()`]|[0-9]*(?:>>|>&|&>|<<<|>|<)/g;
const SEPARATOR = /^(?:&&|\|\||[;&|\n()`])$/;
const REDIRECT = /^[0-9]*(?:>>|>&|&>|<<<|>|<)$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

const unquote = (word: string): string => word.replace(/\\(.)|"((?:[^"\\]|\\.)*)"?|'([^']*)'?/gs, (_, esc, dq, sq) => esc ?? (dq !== undefined ? dq.replace(/\\(.)/g, '$1') : sq));

/**
 * Reads a line the shell grammar rejects (an unterminated quote, a stray `)`) as plain text:
 * commands split at `;`, `&`, `|`, newlines and parentheses, words at spaces, quotes removed.
 * Cruder than the grammar but it never fails, so a broken line still shows its commands.
 */
export function splitAsText(builder: LineBuilder, text: string, context: ScriptContext): void {
  let words: string[] = [];
  let env: string[] = [];
  let redirects: { op: string; fd: string; target: string }[] = [];
  let previous = -1;
  let piped = false;
  let pendingRedirect: string | undefined;
  const flush = (separator: string): void => {
    const index = builder.add(words, env, redirects, words.join(' '), context);
    if (piped) builder.pipe(previous, index);
    piped = separator === '|';
    previous = index;
    words = [];
    env = [];
    redirects = [];
  };
  for (const [token] of text.matchAll(TOKEN)) {
    if (SEPARATOR.test(token)) {
      flush(token);
    } else if (REDIRECT.test(token)) {
      pendingRedirect = token;
    } else if (pendingRedirect !== undefined) {
      const fd = pendingRedirect.match(/^[0-9]*/)?.[0] ?? '';
      redirects.push({ op: pendingRedirect.slice(fd.length), fd, target: unquote(token) });
      pendingRedirect = undefined;
    } else if (words.length === 0 && ASSIGNMENT.test(token)) {
      env.push(unquote(token));
    } else {
      words.push(unquote(token));
    }
  }
  flush('');
}
