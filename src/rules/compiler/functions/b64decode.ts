import { textFunction, type FunctionDef } from './function.js';

// Shorter runs are mostly ordinary words and paths; 16 characters carry 12 bytes of payload.
const MIN_RUN = 16;

function isBase64Char(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47 || code === 45 || code === 95;
}

/**
 * The text followed by the decoding of every base64 run of 16+ characters in it (standard and
 * URL-safe alphabets), one per line, so a rule on the text also sees wrapped payloads such as
 * `echo Y3VybCBodHRwOi8v… | base64 -d | sh`. One pass over the text, no regular expression.
 */
export function appendBase64Decoded(text: string): string {
  let out = text;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isBase64Char(text.charCodeAt(i))) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_RUN) out += '\n' + Buffer.from(text.slice(start, i), 'base64').toString('utf8');
    start = -1;
  }
  return out;
}

/** `b64decode(s)`: see appendBase64Decoded. */
export const b64decode: FunctionDef = textFunction('b64decode', 'string', appendBase64Decoded);
