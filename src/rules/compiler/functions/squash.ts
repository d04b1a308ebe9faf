import { textFunction, type FunctionDef } from './function.js';

// Shells drop quotes and backslash escapes before running a word, so `c"u"rl`, `c\url` and
// `cu''rl` all run curl; a line continuation (`\` + newline) joins lines.
const CONTINUATION = /\\\r?\n/g;
const QUOTES_AND_ESCAPES = /["'`]|\\(?=[^\\\s])/g;
const WHITESPACE = /\s+/g;

/** A shell command in the form obfuscation cannot vary: no quotes, escapes or extra spaces, lowercased. */
export function squashCommand(command: string): string {
  return command.replace(CONTINUATION, '').replace(QUOTES_AND_ESCAPES, '').replace(WHITESPACE, ' ').trim().toLowerCase();
}

/** `squash(s)`: see squashCommand. */
export const squash: FunctionDef = textFunction('squash', 'string', squashCommand);
