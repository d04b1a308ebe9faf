import type { AgentEvent } from '../../src/event/index.js';
import { compileRuleSet, eventFromCase, formatDiagnostic, type CompiledRule, type CompileResult, type EventCase, type RuleFile } from '../../src/rules/index.js';

/** Compiles one text (or several files) as a rule set. */
export function compile(source: string | RuleFile[]): CompileResult {
  return compileRuleSet(typeof source === 'string' ? [{ path: 'test.rules', text: source }] : source);
}

/** The rules of a rule set that must compile; a diagnostic fails loudly with its code frame. */
export function rulesOf(source: string | RuleFile[]): readonly CompiledRule[] {
  const result = compile(source);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map(formatDiagnostic).join('\n'));
  return result.rules;
}

/** Diagnostics as `file:line:col code: message`, the form tests compare exactly. */
export function diagnosticsOf(source: string | RuleFile[]): string[] {
  return compile(source).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`);
}

/** A minimal rule around a condition (plus any extra lines), with its header on line 1. */
export function ruleText(condition: string, extra = '', id = 't.rule'): string {
  return `rule ${id} { title: "t" severity: low score: 1\n when: ${condition}\n${extra}}\n`;
}

/** The match predicate of a single-event rule with this condition. */
export function predicate(condition: string, prelude = ''): (event: AgentEvent) => boolean {
  const [rule] = rulesOf(prelude + ruleText(condition));
  if (rule.kind === 'sequence') throw new Error('not a single-event rule');
  return rule.match;
}

/** A span event with these attributes (and resource attributes). */
export function span(attributes: EventCase['attributes'], resource?: EventCase['resource']): AgentEvent {
  return eventFromCase({ attributes, ...(resource && { resource }) });
}
