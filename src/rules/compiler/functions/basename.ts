import { posix } from 'node:path';
import { textFunction, type FunctionDef } from './function.js';

/** The last segment of a path; `\` separates segments too, so Windows paths work. */
export function basenameOf(path: string): string {
  return posix.basename(path.replace(/\\/g, '/'));
}

/** `basename(p)`: the last path segment. */
export const basename: FunctionDef = textFunction('basename', 'string', basenameOf);
