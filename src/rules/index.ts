/** Detection rules: the rule language compiler and the engine that runs compiled rules. */
export {
  SEVERITIES,
  type CompiledRule,
  type Detection,
  type DetectionEvent,
  type EventPredicate,
  type FieldGetter,
  type IndexKey,
  type RuleAction,
  type RuleMeta,
  type SequenceSpec,
  type Severity,
  type StepPredicate,
  type ThresholdSpec,
} from './compiled.js';
export { compileRuleSet, type CompileResult, type RuleFile } from './compiler/compile.js';
export { loadRuleSet, readRuleFiles } from './compiler/load.js';
export { formatDiagnostic, hasErrors, type Diagnostic, type DiagnosticCode } from './compiler/diagnostics.js';
export type { ListItem } from './compiler/checker.js';
export type { TuningNote } from './compiler/check-meta.js';
export { eventFromCase, keyValues, CASE_BASE_TIME_MS, type EventCase, type PlainValue } from './testing/event-from-case.js';
export { RulesEngine, type EngineMetrics, type EngineOptions, type EvaluateOptions, type Evaluation } from './runtime/engine.js';
export { RuleReloader, type ReloadStatus } from './runtime/reload.js';
export { findRuleTests, runRuleTests, formatRuleTests, type CaseResult } from './testing/run-tests.js';
