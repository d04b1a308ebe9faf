import type { TuningNote } from './check-meta.js';
import { checkRuleSet, type ListItem } from './checker.js';
import { ConditionCompiler } from './codegen.js';
import { compileRule } from './codegen-rule.js';
import { collect } from './collect.js';
import type { CompiledRule } from '../compiled.js';
import { fileDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { parseFile } from './parse-file.js';
import { PatternGroups } from './regex.js';
import { SourceFile } from './source.js';

/** One rule file: where it came from (for diagnostics) and its text. */
export interface RuleFile {
  readonly path: string;
  readonly text: string;
}

/** What compiling a rule set gives: the rules (none if there is any error), every diagnostic, the resolved lists. */
export interface CompileResult {
  readonly rules: readonly CompiledRule[];
  readonly diagnostics: readonly Diagnostic[];
  readonly lists: ReadonlyMap<string, readonly ListItem[]>;
  /** What users' files changed in the rule set: disabled rules, overrides, removed list items. */
  readonly tuning: readonly TuningNote[];
}

// One problem reached twice (a bad item of a list used by two rules) is reported once.
function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Compiles the files of a rule set as one unit (lists, macros and rules of any file are visible
 * in all): parse → collect → check → code generation. Every error of every file is reported;
 * a rule set with an error yields no rules at all, so a half-valid set is never loaded.
 */
export function compileRuleSet(files: readonly RuleFile[]): CompileResult {
  const parsed = files.map((file) => parseFile(new SourceFile(file.path, file.text)));
  const diagnostics = parsed.flatMap((file) => file.diagnostics);
  const checked = checkRuleSet(collect(parsed, diagnostics), diagnostics);
  const sorted = sortDiagnostics(unique(diagnostics));
  if (hasErrors(sorted)) return { rules: [], diagnostics: sorted, lists: checked.lists, tuning: checked.tuning };
  const groups = new PatternGroups();
  const conditions = new ConditionCompiler(groups, checked.macros);
  const rules = checked.rules.map((rule) => compileRule(rule, conditions));
  // What the engine could not run is rejected now, never found event after event.
  const unrunnable = groups.prepare().map((message) => fileDiagnostic(files[0]?.path ?? '', 'bad-regex', message));
  if (unrunnable.length > 0) return { rules: [], diagnostics: [...sorted, ...unrunnable], lists: checked.lists, tuning: checked.tuning };
  return { rules, diagnostics: sorted, lists: checked.lists, tuning: checked.tuning };
}
