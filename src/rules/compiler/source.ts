/** A 1-based line and column (UTF-16 code units, as editors count them). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * One rule file's text: turns offsets into lines and columns and draws code frames. Line starts
 * are found once, so every diagnostic of a file costs a binary search.
 */
export class SourceFile {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** Line and column of an offset (an offset past the end is the end). */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - this.lineStarts[low] + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  line(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }

  /**
   * The line holding `offset`, with a gutter and carets under `length` characters (at least one,
   * and never past the line's end):
   *
   *     3 | when: tool.nme == "bash"
   *       |       ^^^^^^^^
   */
  frame(offset: number, length: number): string {
    const { line, column } = this.position(offset);
    const text = this.line(line);
    const gutter = String(line);
    const blank = ' '.repeat(gutter.length);
    // Tabs are copied into the caret line so the caret sits under the same column in any editor.
    const lead = text.slice(0, column - 1).replace(/[^\t]/g, ' ');
    const width = Math.max(1, Math.min(length, text.length - column + 1));
    return `${gutter} | ${text}\n${blank} | ${lead}${'^'.repeat(width)}`;
  }
}
