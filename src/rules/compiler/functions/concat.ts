import { asText } from '../values.js';
import type { FunctionDef } from './function.js';

/** `concat(a, b, …)`: the present values as text, joined with a space; absent when none is present. */
export const concat: FunctionDef = {
  name: 'concat',
  params: ['any', 'any'],
  rest: 'any',
  returns: 'string',
  strict: false,
  compile: (args) => (event, steps) => {
    let out: string | undefined;
    for (const arg of args) {
      const text = asText(arg(event, steps));
      if (text !== undefined) out = out === undefined ? text : `${out} ${text}`;
    }
    return out;
  },
};
