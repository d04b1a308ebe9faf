import { posix } from 'node:path';
import { textFunction, type FunctionDef } from './function.js';

/**
 * A path as the file system resolves it, so `/etc/./shadow`, `//etc/shadow` and
 * `/tmp/../etc/shadow` all read `/etc/shadow`: `\` becomes `/`, repeated separators and `.`
 * segments go, `..` removes the segment before it (never climbing above `/`), and a trailing
 * `/` goes (`/etc/` is `/etc`; `/` stays).
 */
export function normalizePath(path: string): string {
  const normalized = posix.normalize(path.replace(/\\/g, '/'));
  // POSIX keeps a leading `//` (implementation-defined); Linux treats it as `/`.
  const single = normalized.startsWith('//') ? normalized.replace(/^\/+/, '/') : normalized;
  return single.length > 1 && single.endsWith('/') ? single.slice(0, -1) : single;
}

/** `normpath(p)`: the path normalized (see normalizePath). */
export const normpath: FunctionDef = textFunction('normpath', 'string', normalizePath);
