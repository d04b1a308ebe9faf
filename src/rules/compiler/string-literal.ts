import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import type { SourceFile } from './source.js';

const SIMPLE: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };

/** A decoded string and, for each of its characters, the source offset it came from. */
export interface DecodedString {
  readonly value: string;
  /** `offsets[i]` is where character i starts in the file; one extra entry marks the end. */
  readonly offsets: readonly number[];
}

/**
 * Decodes a quoted string token (`"…"` or `'…'`) whose first character is at `start`. Unknown
 * escapes are errors rather than kept verbatim, so `"\d"` meant as a regex is caught.
 */
export function decodeString(source: SourceFile, start: number, image: string, diagnostics: Diagnostic[]): DecodedString {
  let value = '';
  const offsets: number[] = [];
  const end = image.length - 1;
  for (let i = 1; i < end; i++) {
    const at = start + i;
    if (image[i] !== '\\') {
      value += image[i];
      offsets.push(at);
      continue;
    }
    const next = image[i + 1];
    const simple = SIMPLE[next];
    if (simple !== undefined) {
      value += simple;
      offsets.push(at);
      i++;
      continue;
    }
    const unicode = next === 'u' ? /^u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})/.exec(image.slice(i + 1)) : null;
    const code = unicode ? parseInt(unicode[1] ?? unicode[2], 16) : NaN;
    if (unicode && code <= 0x10ffff) {
      const char = String.fromCodePoint(code);
      value += char;
      for (let k = 0; k < char.length; k++) offsets.push(at);
      i += unicode[0].length;
      continue;
    }
    diagnostics.push(
      diagnosticAt({ source, start: at, end: at + 2 }, 'bad-string', `unknown escape \`\\${next}\` (use \\", \\', \\\\, \\n, \\t, \\r or \\u00e9; write patterns as /…/ regex literals)`),
    );
    i++;
  }
  offsets.push(start + end);
  return { value, offsets };
}
