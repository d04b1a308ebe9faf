import type { FieldValue } from '../event/index.js';
import type { CompareOp } from './ast.js';
import { compilePatternOp, compileTextOp, compileTextValueOp, type Predicate } from './codegen-text.js';
import { compileValue } from './codegen-value.js';
import type { IrCondition, IrValue } from './ir.js';
import type { PatternGroups } from './regex.js';
import { asBoolean, asNumber, asText, isPresent, type ValueType } from './values.js';

export type { Predicate } from './codegen-text.js';

type Scalar = string | number | boolean;
type Convert = (value: FieldValue) => Scalar | undefined;

const CONVERT: Readonly<Record<Exclude<ValueType, 'any'>, Convert>> = { string: asText, number: asNumber, boolean: asBoolean };
const ORDER: Readonly<Record<CompareOp, (a: Scalar, b: Scalar) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

// Both sides are read as the type the checker settled on: `attributes["n"] > 5` compares numbers.
function comparedType(left: IrValue, right: IrValue, op: CompareOp): Exclude<ValueType, 'any'> {
  if (op !== '==' && op !== '!=') return 'number';
  const type = left.type !== 'any' ? left.type : right.type;
  return type === 'any' ? 'string' : type;
}

function compileCompare(condition: Extract<IrCondition, { kind: 'compare' }>): Predicate {
  const { op, left, right } = condition;
  const convert = CONVERT[comparedType(left, right, op)];
  const test = ORDER[op];
  const l = compileValue(left);
  if (right.kind === 'const') {
    const constant = convert(right.value);
    if (constant === undefined) return () => false;
    return (event, steps) => {
      const value = convert(l(event, steps));
      return value !== undefined && test(value, constant);
    };
  }
  const r = compileValue(right);
  return (event, steps) => {
    const a = convert(l(event, steps));
    if (a === undefined) return false;
    const b = convert(r(event, steps));
    return b !== undefined && test(a, b);
  };
}

function compileIn(condition: Extract<IrCondition, { kind: 'in' }>): Predicate {
  const value = compileValue(condition.value);
  const texts = new Set(condition.items.filter((i): i is string => typeof i === 'string'));
  const numbers = new Set(condition.items.filter((i): i is number => typeof i === 'number'));
  const negated = condition.negated;
  // The value is read as text when the list has strings, as a number when it has numbers.
  const member = (v: FieldValue): boolean | undefined => {
    const text = texts.size > 0 ? asText(v) : undefined;
    const number = numbers.size > 0 ? asNumber(v) : undefined;
    if (text === undefined && number === undefined) return undefined;
    return (text !== undefined && texts.has(text)) || (number !== undefined && numbers.has(number));
  };
  if (numbers.size === 0) {
    return (event, steps) => {
      const text = asText(value(event, steps));
      return text !== undefined && texts.has(text) !== negated;
    };
  }
  return (event, steps) => {
    const found = member(value(event, steps));
    return found !== undefined && found !== negated;
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
 * met twice (a macro used by many rules) compiles once, and `matches` patterns on the same
 * subject share one RE2.Set across the whole rule set.
 */
export class ConditionCompiler {
  private readonly compiled = new WeakMap<IrCondition, Predicate>();

  constructor(private readonly groups: PatternGroups) {}

  /** The predicate of a checked condition. */
  compile(condition: IrCondition): Predicate {
    let predicate = this.compiled.get(condition);
    if (predicate === undefined) this.compiled.set(condition, (predicate = this.build(condition)));
    return predicate;
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
        const value = compileValue(condition.value);
        return (event, steps) => isPresent(value(event, steps));
      }
      case 'compare':
        return compileCompare(condition);
      case 'in':
        return compileIn(condition);
      case 'text':
        return compileTextOp(condition);
      case 'text-value':
        return compileTextValueOp(condition);
      default:
        return compilePatternOp(condition, this.groups);
    }
  }
}
