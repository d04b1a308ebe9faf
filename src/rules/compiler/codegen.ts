import type { FieldValue } from '../../event/index.js';
import type { CompareOp } from './ast.js';
import { compilePatternOp, compileTextOp, compileTextValueOp, type Predicate } from './codegen-text.js';
import { ValueCompiler } from './codegen-value.js';
import type { IrCondition, IrValue } from './ir.js';
import type { PatternGroups } from './regex.js';
import { asBoolean, asNumber, asText, isPresent, perEvent, type KeptSlot, type ValueType } from './values.js';

export type { Predicate } from './codegen-text.js';

type Scalar = string | number | boolean;
type Convert = (value: FieldValue) => Scalar | undefined;

const CONVERT: Readonly<Record<Exclude<ValueType, 'any' | 'list'>, Convert>> = { string: asText, number: asNumber, boolean: asBoolean };
const ORDER: Readonly<Record<CompareOp, (a: Scalar, b: Scalar) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

// Both sides are read as the type the checker settled on: `attributes["n"] > 5` compares numbers.
function comparedType(left: IrValue, right: IrValue, op: CompareOp): Exclude<ValueType, 'any' | 'list'> {
  if (op !== '==' && op !== '!=') return 'number';
  const type = left.type !== 'any' ? left.type : right.type;
  return type === 'any' || type === 'list' ? 'string' : type;
}

function compileCompare(condition: Extract<IrCondition, { kind: 'compare' }>, values: ValueCompiler): Predicate {
  const { op, left, right } = condition;
  const convert = CONVERT[comparedType(left, right, op)];
  const test = ORDER[op];
  const l = values.compile(left);
  if (right.kind === 'const') {
    const constant = convert(right.value);
    if (constant === undefined) return () => false;
    return (event, steps) => {
      const value = convert(l(event, steps));
      return value !== undefined && test(value, constant);
    };
  }
  const r = values.compile(right);
  return (event, steps) => {
    const a = convert(l(event, steps));
    if (a === undefined) return false;
    const b = convert(r(event, steps));
    return b !== undefined && test(a, b);
  };
}

// A list of strings tests the value as text, one of numbers as a number; a mixed list tries both.
function compileIn(condition: Extract<IrCondition, { kind: 'in' }>, values: ValueCompiler): Predicate {
  const value = values.compile(condition.value);
  const texts = new Set(condition.items.filter((i): i is string => typeof i === 'string'));
  const numbers = new Set(condition.items.filter((i): i is number => typeof i === 'number'));
  const negated = condition.negated;
  if (numbers.size === 0) {
    return (event, steps) => {
      const text = asText(value(event, steps));
      return text !== undefined && texts.has(text) !== negated;
    };
  }
  return (event, steps) => {
    const v = value(event, steps);
    const text = texts.size > 0 ? asText(v) : undefined;
    const number = asNumber(v);
    if (text === undefined && number === undefined) return false;
    const found = (text !== undefined && texts.has(text)) || (number !== undefined && numbers.has(number));
    return found !== negated;
  };
}

function junction(kind: 'and' | 'or', operands: Predicate[]): Predicate {
  if (operands.length === 2) {
    const [a, b] = operands;
    return kind === 'and' ? (event, steps) => a(event, steps) && b(event, steps) : (event, steps) => a(event, steps) || b(event, steps);
  }
  const want = kind === 'or';
  return (event, steps) => {
    for (let i = 0; i < operands.length; i++) if (operands[i](event, steps) === want) return want;
    return !want;
  };
}

/**
 * Turns checked conditions into closures, once: no tree is walked per event. A condition object
 * met twice (a macro used by many rules) compiles once and is decided once per event, and
 * `matches` patterns on the same subject are decided once per event across the whole rule set.
 */
export class ConditionCompiler {
  private readonly compiled = new WeakMap<IrCondition, Predicate>();

  /** The values of the rule set, shared with getters and messages. */
  readonly values = new ValueCompiler();
  private slots = 0;

  /** `shared`: conditions many rules use (macro bodies, which read only the event): decided once per event. */
  constructor(
    private readonly groups: PatternGroups,
    private readonly shared: ReadonlySet<IrCondition>,
  ) {}

  /** A new slot for answers kept on events (sequence steps), owned by this rule set. */
  keptSlot(): KeptSlot {
    return { owner: this, slot: this.slots++ };
  }

  /** The predicate of a checked condition. */
  compile(condition: IrCondition): Predicate {
    let predicate = this.compiled.get(condition);
    if (predicate === undefined) {
      predicate = this.build(condition);
      if (this.shared.has(condition)) predicate = perEvent(predicate);
      this.compiled.set(condition, predicate);
    }
    return predicate;
  }

  // The body runs once per element with the element in the quantifier's cell. `all` of an absent
  // or empty list is false: a rule never fires on what is not there.
  private quantifier(condition: Extract<IrCondition, { kind: 'quantifier' }>): Predicate {
    const list = this.values.compile(condition.value);
    const body = this.compile(condition.body);
    const { cell } = condition;
    const want = condition.mode === 'any';
    return (event, steps) => {
      const items = list(event, steps);
      if (!Array.isArray(items) || items.length === 0) return false;
      for (let i = 0; i < items.length; i++) {
        cell.value = items[i];
        if (body(event, steps) === want) return want;
      }
      return !want;
    };
  }

  private build(condition: IrCondition): Predicate {
    switch (condition.kind) {
      case 'and':
      case 'or':
        return junction(condition.kind, condition.operands.map((c) => this.compile(c)));
      case 'not': {
        const operand = this.compile(condition.operand);
        return (event, steps) => !operand(event, steps);
      }
      case 'exists': {
        const value = this.values.compile(condition.value);
        return (event, steps) => isPresent(value(event, steps));
      }
      case 'compare':
        return compileCompare(condition, this.values);
      case 'in':
        return compileIn(condition, this.values);
      case 'text':
        return compileTextOp(condition, this.values);
      case 'text-value':
        return compileTextValueOp(condition, this.values);
      case 'quantifier':
        return this.quantifier(condition);
      default:
        return compilePatternOp(condition, this.values, this.groups);
    }
  }
}
