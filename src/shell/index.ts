/** Command lines as structure: simple commands, their words, redirections and pipes. */
export { parseCommandLine, shellParseCounts, clearShellCache, MAX_LINE } from './parse.js';
export { MAX_NESTING } from './builder.js';
export { shellJoin } from './join.js';
export type { ParsedLine, ShellCommand, PipeEdge, Redirect, FallbackReason } from './model.js';
