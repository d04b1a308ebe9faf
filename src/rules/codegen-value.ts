import type { IrValue } from './ir.js';
import type { Evaluator } from './values.js';

/** A value's evaluator: a field read, a constant, or a function over its arguments' evaluators. */
export function compileValue(value: IrValue): Evaluator {
  switch (value.kind) {
    case 'const': {
      const constant = value.value;
      return () => constant;
    }
    case 'field': {
      const { read, step } = value;
      if (step === undefined) return read;
      // A message may be rendered without the step events; a missing one reads as absent.
      return (_event, steps) => {
        const earlier = steps?.[step];
        return earlier === undefined ? undefined : read(earlier);
      };
    }
    case 'call':
      return value.fn.compile(value.args.map(compileValue));
  }
}

/**
 * A key naming what a value computes, equal for equal computations on the same event: `command`,
 * `lower(prompt)`, `attributes["k"]`. Undefined when the value reads a step's event (it then
 * depends on more than the event itself).
 */
export function subjectKey(value: IrValue): string | undefined {
  switch (value.kind) {
    case 'const':
      return JSON.stringify(value.value);
    case 'field':
      return value.step !== undefined ? undefined : value.key === undefined ? value.name : `${value.name}[${JSON.stringify(value.key)}]`;
    case 'call': {
      const args = value.args.map(subjectKey);
      return args.includes(undefined) ? undefined : `${value.fn.name}(${args.join(',')})`;
    }
  }
}
