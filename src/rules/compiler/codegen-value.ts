import type { IrValue } from './ir.js';
import { perEvent, type Evaluator } from './values.js';

/**
 * Compiles values to evaluators: a field read, a constant, or a function over its arguments'
 * evaluators. A function call that reads only the event compiles once per rule set (by its
 * subjectKey) and computes once per event, however many rules use it.
 */
export class ValueCompiler {
  private readonly calls = new Map<string, Evaluator>();

  /** The evaluator of a value. */
  compile(value: IrValue): Evaluator {
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
      case 'call': {
        const key = subjectKey(value);
        const cached = key === undefined ? undefined : this.calls.get(key);
        if (cached) return cached;
        const call = value.fn.compile(value.args.map((arg) => this.compile(arg)));
        if (key === undefined) return call;
        const shared = perEvent(call);
        this.calls.set(key, shared);
        return shared;
      }
    }
  }
}

/**
 * A key naming what a value computes, equal for equal computations on the same event: `command`,
 * `lower(prompt)`, `attributes["k"]`. Undefined when the value reads a step's event or a
 * quantifier's element (it then depends on more than the event itself).
 */
export function subjectKey(value: IrValue): string | undefined {
  switch (value.kind) {
    case 'const':
      return JSON.stringify(value.value);
    case 'field':
      return value.step !== undefined || value.bound ? undefined : value.key === undefined ? value.name : `${value.name}[${JSON.stringify(value.key)}]`;
    case 'call': {
      const args = value.args.map(subjectKey);
      return args.includes(undefined) ? undefined : `${value.fn.name}(${args.join(',')})`;
    }
  }
}
