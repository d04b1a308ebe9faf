import type { SourceFile } from './source.js';

/** Stable codes of rule diagnostics, one per kind of problem. */
export type DiagnosticCode =
  | 'io'
  | 'too-large'
  | 'compile-timeout'
  | 'lex'
  | 'syntax'
  | 'bad-string'
  | 'duplicate'
  | 'unknown-field'
  | 'unknown-list'
  | 'unknown-macro'
  | 'unknown-function'
  | 'unknown-step'
  | 'unknown-rule'
  | 'unknown-item'
  | 'unknown-property'
  | 'macro-cycle'
  | 'arity'
  | 'type'
  | 'bad-regex'
  | 'bad-glob'
  | 'bad-cidr'
  | 'bad-duration'
  | 'bad-window'
  | 'bad-sequence'
  | 'step-order'
  | 'missing-property'
  | 'bad-property'
  | 'bad-score'
  | 'bad-severity'
  | 'bad-action'
  | 'bad-tag'
  | 'bad-template'
  | 'redundant-action';

/** One problem found in a rule set, with where it is and the line it is on. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
  readonly code: DiagnosticCode;
  readonly message: string;
  /** The source line with a gutter and carets (empty when there is no source to show). */
  readonly frame: string;
}

/** A span of a source file: what a diagnostic points at. */
export interface Span {
  readonly source: SourceFile;
  readonly start: number;
  readonly end: number;
}

/** A diagnostic at a span of a file. */
export function diagnosticAt(at: Span, code: DiagnosticCode, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  const { line, column } = at.source.position(at.start);
  return { file: at.source.path, line, column, severity, code, message, frame: at.source.frame(at.start, at.end - at.start) };
}

/** A diagnostic about a whole file (it could not be read, for instance). */
export function fileDiagnostic(file: string, code: DiagnosticCode, message: string): Diagnostic {
  return { file, line: 1, column: 1, severity: 'error', code, message, frame: '' };
}

/** `file:line:col: error CODE: message`, then the code frame. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  return d.frame ? `${head}\n${d.frame}` : head;
}

/** Diagnostics in file, line, column order (stable for equal positions). */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** Whether any diagnostic is an error (warnings do not stop a rule set from loading). */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
