import type { AgentEvent, ElementType, FieldValue } from '../../event/index.js';
import type { CompareOp } from './ast.js';
import type { Cidr } from './cidr.js';
import type { RuleMeta } from '../compiled.js';
import type { FunctionDef } from './functions/index.js';
import type { Pattern } from './regex.js';
import type { ValueType } from './values.js';

/**
 * The checked form of rules: every name resolved (fields to accessors, lists to their items,
 * macros inlined, step names to indices), every literal validated. Code generation and index
 * keys read only this, so they never meet a name that might not exist.
 */

/** A resolved value. */
export type IrValue =
  | { readonly kind: 'const'; readonly type: ValueType; readonly value: string | number | boolean }
  | {
      readonly kind: 'field';
      readonly type: ValueType;
      /** The field as written without a step prefix: `file.path`, or the map of `attributes["k"]`. */
      readonly name: string;
      /** The key of `attributes["k"]` / `resource["k"]`. */
      readonly key?: string;
      readonly read: (event: AgentEvent) => FieldValue;
      /** Index of the earlier step whose event is read, for `secret.file.path`. */
      readonly step?: number;
      /** Reads the element a quantifier is testing (`c.exe`), not the event alone. */
      readonly bound?: true;
      /** For a list: what its elements hold. */
      readonly element?: ElementType;
    }
  | { readonly kind: 'call'; readonly type: ValueType; readonly fn: FunctionDef; readonly args: readonly IrValue[] };

/**
 * The element a quantifier is testing, read by its body's `c.exe`. Evaluation is synchronous and
 * each quantifier has its own cell, so one mutable slot per quantifier is enough.
 */
export interface ElementCell {
  value: FieldValue;
}

/** Operators that look for text inside text. */
export type TextOp = 'contains' | 'icontains' | 'startswith' | 'endswith';

/** A resolved condition. */
export type IrCondition =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly IrCondition[] }
  | { readonly kind: 'not'; readonly operand: IrCondition }
  | { readonly kind: 'exists'; readonly value: IrValue }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: IrValue; readonly right: IrValue }
  | { readonly kind: 'in'; readonly negated: boolean; readonly value: IrValue; readonly items: readonly (string | number)[] }
  | { readonly kind: 'text'; readonly op: TextOp; readonly value: IrValue; readonly needles: readonly string[] }
  | { readonly kind: 'text-value'; readonly op: TextOp; readonly value: IrValue; readonly other: IrValue }
  | { readonly kind: 'glob'; readonly value: IrValue; readonly globs: readonly string[] }
  | { readonly kind: 'matches'; readonly value: IrValue; readonly patterns: readonly Pattern[] }
  | { readonly kind: 'cidr'; readonly value: IrValue; readonly ranges: readonly Cidr[] }
  | { readonly kind: 'quantifier'; readonly mode: 'any' | 'all'; readonly value: IrValue; readonly cell: ElementCell; readonly body: IrCondition };

/** A message template: text and values, in order. */
export type Template = readonly (string | IrValue)[];

/** Group-by fields or an aggregated field: the value and the text it was written as. */
export interface NamedValue {
  readonly name: string;
  readonly value: IrValue;
}

/** A checked rule, ready for code generation. */
export interface CheckedRule extends Omit<RuleMeta, 'message' | 'fingerprint'> {
  /** False when a user's `extend rule { enabled: false }` turned it off: checked, never loaded. */
  readonly enabled: boolean;
  /** Absent: the title is the message. */
  readonly message?: Template;
  /** Exceptions from the rule and every `extend rule`, in order. */
  readonly excepts: readonly IrCondition[];
  readonly body:
    | { readonly kind: 'single'; readonly when: IrCondition }
    | {
        readonly kind: 'threshold';
        readonly when: IrCondition;
        readonly aggregate: 'count' | 'distinct' | 'sum';
        readonly field?: NamedValue;
        readonly op: CompareOp;
        readonly bound: number;
        readonly windowMs: number;
        readonly by: readonly NamedValue[];
      }
    | {
        readonly kind: 'sequence';
        readonly steps: readonly { readonly name: string; readonly when: IrCondition }[];
        readonly until?: IrCondition;
        readonly windowMs: number;
        readonly by: readonly NamedValue[];
      };
}

/** The top-level AND-ed conditions (`and` nested in `and`, macros already inlined). */
export function conjuncts(condition: IrCondition): readonly IrCondition[] {
  return condition.kind === 'and' ? condition.operands.flatMap(conjuncts) : [condition];
}

function valueReadsSteps(value: IrValue): boolean {
  return value.kind === 'field' ? value.step !== undefined : value.kind === 'call' && value.args.some(valueReadsSteps);
}

/** Whether a condition reads an earlier step's event (`secret.file.path`). */
export function readsSteps(condition: IrCondition): boolean {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.operands.some(readsSteps);
    case 'not':
      return readsSteps(condition.operand);
    case 'compare':
      return valueReadsSteps(condition.left) || valueReadsSteps(condition.right);
    case 'text-value':
      return valueReadsSteps(condition.value) || valueReadsSteps(condition.other);
    case 'quantifier':
      return valueReadsSteps(condition.value) || readsSteps(condition.body);
    default:
      return valueReadsSteps(condition.value);
  }
}
