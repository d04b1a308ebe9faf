import type { FieldValue } from '../../../event/index.js';
import { asText, type Evaluator, type ValueType } from '../values.js';

/** A built-in function: its signature for the checker and how to compile a call of it. */
export interface FunctionDef {
  readonly name: string;
  /** Types of the required arguments. */
  readonly params: readonly ValueType[];
  /** Type of any further arguments; absent: exactly `params.length` arguments. */
  readonly rest?: ValueType;
  readonly returns: ValueType;
  /** Whether an absent argument always gives an absent result (so a comparison on the call needs the field). */
  readonly strict: boolean;
  /** A call's evaluator from its arguments' evaluators (arity and types are already checked). */
  readonly compile: (args: readonly Evaluator[]) => Evaluator;
}

/**
 * A function of one text argument. An absent argument gives an absent result, so a comparison
 * on `lower(file.path)` is false when there is no path, exactly as on `file.path` itself.
 */
export function textFunction(name: string, returns: ValueType, apply: (text: string) => FieldValue): FunctionDef {
  return {
    name,
    params: ['string'],
    returns,
    strict: true,
    compile: ([arg]) => (event, steps) => {
      const text = asText(arg(event, steps));
      return text === undefined ? undefined : apply(text);
    },
  };
}
