import { posix } from 'node:path';
import { textFunction, type FunctionDef } from './function.js';

/**
 * A path as the file system resolves it, so `/etc/./shadow`, `//etc/shadow` and
 * `/tmp/../etc/shadow` all read `/etc/shadow`: `\` becomes `/`, repeated separators and `.`
 * segments go, `..` removes the segment before it (never climbing above `/`).
 */
export function normalizePath(path: string): string {
  const normalized = posix.normalize(path.replace(/\\/g, '/'));
  // POSIX keeps a leading `//` (implementation-defined); Linux treats it as `/`.
  return normalized.startsWith('//') ? normalized.replace(/^\/+/, '/') : normalized;
}

/** `normpath(p)`: the path normalized (see normalizePath). */
export const normpath: FunctionDef = textFunction('normpath', 'string', normalizePath);
