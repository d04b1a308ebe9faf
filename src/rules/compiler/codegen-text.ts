import type { AgentEvent } from '../../event/index.js';
import { compileCidrs } from './cidr.js';
import { compileGlobs } from './glob.js';
import type { IrCondition, TextOp } from './ir.js';
import type { PatternGroups } from './regex.js';
import { asText, type Evaluator } from './values.js';
import { subjectKey, type ValueCompiler } from './codegen-value.js';

/** A compiled condition; `steps` holds earlier steps' events inside a sequence step. */
export type Predicate = (event: AgentEvent, steps?: readonly AgentEvent[]) => boolean;

type TextTest = (text: string, needle: string) => boolean;

const TESTS: Readonly<Record<TextOp, TextTest>> = {
  contains: (text, needle) => text.includes(needle),
  icontains: (text, needle) => text.includes(needle),
  startswith: (text, needle) => text.startsWith(needle),
  endswith: (text, needle) => text.endsWith(needle),
};

// The text a string operator tests: absent values never match.
function onText(value: Evaluator, test: (text: string, event: AgentEvent) => boolean): Predicate {
  return (event, steps) => {
    const text = asText(value(event, steps));
    return text !== undefined && test(text, event);
  };
}

/** contains / icontains / startswith / endswith against needles written in the rule (icontains: lowered once, here). */
export function compileTextOp(condition: Extract<IrCondition, { kind: 'text' }>, values: ValueCompiler): Predicate {
  const test = TESTS[condition.op];
  const fold = condition.op === 'icontains';
  const needles = fold ? condition.needles.map((n) => n.toLowerCase()) : [...condition.needles];
  const value = values.compile(condition.value);
  if (needles.length === 1) {
    const [needle] = needles;
    return onText(value, fold ? (text) => test(text.toLowerCase(), needle) : (text) => test(text, needle));
  }
  return onText(value, (raw) => {
    const text = fold ? raw.toLowerCase() : raw;
    for (let i = 0; i < needles.length; i++) if (test(text, needles[i])) return true;
    return false;
  });
}

/** contains / … against another value of the event (or of an earlier step). */
export function compileTextValueOp(condition: Extract<IrCondition, { kind: 'text-value' }>, values: ValueCompiler): Predicate {
  const test = TESTS[condition.op];
  const fold = condition.op === 'icontains';
  const value = values.compile(condition.value);
  const other = values.compile(condition.other);
  return (event, steps) => {
    const text = asText(value(event, steps));
    const needle = text === undefined ? undefined : asText(other(event, steps));
    if (needle === undefined) return false;
    return fold ? test(text!.toLowerCase(), needle.toLowerCase()) : test(text!, needle);
  };
}

/** glob, matches and cidr: patterns compiled once; `matches` joins its subject's pattern group. */
export function compilePatternOp(condition: Extract<IrCondition, { kind: 'glob' | 'matches' | 'cidr' }>, values: ValueCompiler, groups: PatternGroups): Predicate {
  const value = values.compile(condition.value);
  switch (condition.kind) {
    case 'glob': {
      const matches = compileGlobs(condition.globs);
      return onText(value, (text) => matches(text));
    }
    case 'cidr': {
      const inside = compileCidrs(condition.ranges);
      return onText(value, (text) => inside(text));
    }
    case 'matches': {
      const group = groups.of(subjectKey(condition.value));
      const indices = group.add(condition.patterns);
      return onText(value, (text, event) => group.test(indices, text, event));
    }
  }
}
