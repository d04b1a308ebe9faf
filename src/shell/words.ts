import type { Node } from 'web-tree-sitter';

const C_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** The value of a `$'…'` string: C escapes, `\xHH`, `\uHHHH` and octal `\NNN` decoded. */
export function ansiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)/g, (_, esc: string) => {
    const c = esc[0];
    if (c === 'x' || c === 'u' || c === 'U') return esc.length > 1 ? String.fromCodePoint(Number.parseInt(esc.slice(1), 16)) : `\\${esc}`;
    if (c >= '0' && c <= '7') return String.fromCharCode(Number.parseInt(esc, 8));
    return C_ESCAPES[c] ?? `\\${esc}`;
  });
}

// Outside quotes a backslash quotes the next character (`\rm` is `rm`); inside "…" only $ ` " \ and a newline.
// A Windows path (`C:\Windows\cmd.exe`, `\\host\share`) keeps its backslashes: they separate, not quote.
const unescapeBare = (text: string): string => (/^[A-Za-z]:\\|^\\\\/.test(text) ? text : text.replace(/\\(.)/gs, '$1'));
const unescapeDouble = (text: string): string => text.replace(/\\([$`"\\\n])/g, '$1');
// `${HOME}` and `$HOME` are one variable: rules test one spelling.
const braces = (text: string): string => text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1');

/**
 * A word as the shell would hand it to the program, quotes removed: `r''m` is `rm`, `"/e"tc`
 * is `/etc`, `$'\x41'` is `A`. Expansions stay as written (`$HOME`, `$(…)`): their value is
 * not known here.
 */
export function wordText(node: Node): string {
  switch (node.type) {
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'ansi_c_string':
      return ansiC(node.text.slice(2, -1));
    case 'translated_string':
      return wordText(node.namedChildren[0] ?? node);
    case 'string': {
      const inner = node.text.slice(1, -1);
      return braces(unescapeDouble(inner));
    }
    case 'concatenation':
      return node.children.map((child) => (child === null ? '' : wordText(child))).join('');
    case 'word':
    case 'number':
      return braces(unescapeBare(node.text));
    case 'command_name':
      return node.namedChildren.map((child) => (child === null ? '' : wordText(child))).join('') || node.text;
    default:
      return braces(node.text);
  }
}
