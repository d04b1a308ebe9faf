import { LRUCache } from 'lru-cache';
import { LineBuilder, type ScriptContext } from './builder.js';
import { splitAsText } from './fallback.js';
import { spawnsIn } from './interpreters.js';
import type { FallbackReason, ParsedLine } from './model.js';
import { walkScript } from './walk.js';

/** Lines longer than this (in UTF-16 units) are not given to the grammar: they are split as text. */
export const MAX_LINE = 16 * 1024;

const counts = { parsed: 0, cacheHits: 0, fallback: { syntax: 0, 'too-large': 0, 'too-deep': 0 } as Record<FallbackReason, number> };
// Agents repeat their commands (`ls`, `git status`, the test runner): most lines are hits.
const cache = new LRUCache<string, ParsedLine>({ max: 4096, maxSize: 8 * 1024 * 1024, sizeCalculation: (_, key) => key.length + 64 });

// `$IFS` is the shell's word separator, and a backslash-newline joins lines: both are read as the
// shell reads them before the grammar sees the line (`rm${IFS}-rf${IFS}/`, `rm -rf \⏎ /`).
const normalizeLine = (text: string): string => text.replace(/\$\{IFS\}|\$IFS(?![A-Za-z0-9_])/g, ' ').replace(/\\\r?\n/g, '');

function read(builder: LineBuilder, text: string, context: ScriptContext): void {
  const normalized = normalizeLine(text);
  if (!walkScript(builder, normalized, context)) {
    builder.fellBack = true;
    splitAsText(builder, normalized, context);
    // What the shell cannot read may be code handed to a code-running tool (`import os; os.system(…)`).
    const via = [...context.via, 'code'];
    for (const spawn of spawnsIn(text, false)) {
      if ('script' in spawn) builder.script(spawn.script, { ...context, via, depth: context.depth + 1 });
      else builder.add(spawn.argv, [], [], spawn.argv.join(' '), { ...context, via, depth: context.depth + 1 });
    }
  }
}

function build(text: string): ParsedLine {
  const builder = new LineBuilder(read);
  const top: ScriptContext = { via: [], depth: 0, runner: -1 };
  let fallback: FallbackReason | undefined;
  if (text.length > MAX_LINE) {
    fallback = 'too-large';
    splitAsText(builder, text, top);
  } else {
    read(builder, text, top);
    fallback = builder.fellBack ? 'syntax' : builder.truncated ? 'too-deep' : undefined;
  }
  if (fallback !== undefined) counts.fallback[fallback]++;
  return Object.freeze({ commands: Object.freeze(builder.commands), pipes: Object.freeze(builder.pipes), ...(fallback && { fallback }) });
}

/**
 * The structure of a command line: its simple commands (through wrappers, `bash -c`, `eval`,
 * interpreter one-liners and decoded base64 payloads) and the pipes between them. Results are
 * cached by text and shared: never modify one.
 */
export function parseCommandLine(text: string): ParsedLine {
  const hit = cache.get(text);
  if (hit !== undefined) {
    counts.cacheHits++;
    return hit;
  }
  counts.parsed++;
  const parsed = build(text);
  cache.set(text, parsed);
  return parsed;
}

/** Lines parsed, cache hits and fallbacks by reason since the process started (for metrics). */
export function shellParseCounts(): { readonly parsed: number; readonly cacheHits: number; readonly fallback: Readonly<Record<FallbackReason, number>> } {
  return counts;
}

/** Empties the parse cache (benchmarks measure the uncached cost with it). */
export function clearShellCache(): void {
  cache.clear();
}
