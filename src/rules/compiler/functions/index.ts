import { b64decode } from './b64decode.js';
import { basename } from './basename.js';
import { concat } from './concat.js';
import { dirname } from './dirname.js';
import type { FunctionDef } from './function.js';
import { host } from './host.js';
import { ipaddr } from './ipaddr.js';
import { len } from './len.js';
import { lower } from './lower.js';
import { normpath } from './normpath.js';
import { squash } from './squash.js';
import { upper } from './upper.js';

/** The built-in functions by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  [lower, upper, len, basename, dirname, normpath, b64decode, host, ipaddr, squash, concat].map((fn) => [fn.name, fn]),
);

export type { FunctionDef } from './function.js';
export { appendBase64Decoded } from './b64decode.js';
export { basenameOf } from './basename.js';
export { dirnameOf } from './dirname.js';
export { normalizePath } from './normpath.js';
export { canonicalIpv4 } from './ipaddr.js';
export { squashCommand } from './squash.js';
