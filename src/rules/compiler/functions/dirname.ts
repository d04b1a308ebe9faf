import { posix } from 'node:path';
import { textFunction, type FunctionDef } from './function.js';

/** A path without its last segment; `\` separates segments too. */
export function dirnameOf(path: string): string {
  return posix.dirname(path.replace(/\\/g, '/'));
}

/** `dirname(p)`: the path without its last segment. */
export const dirname: FunctionDef = textFunction('dirname', 'string', dirnameOf);
