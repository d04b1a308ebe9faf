import { asText } from '../values.js';
import type { FunctionDef } from './function.js';

/** `len(x)`: characters of a text, or elements of a list attribute; absent stays absent. */
export const len: FunctionDef = {
  name: 'len',
  params: ['any'],
  returns: 'number',
  strict: true,
  compile: ([arg]) => (event, steps) => {
    const value = arg(event, steps);
    if (Array.isArray(value)) return value.length;
    return asText(value)?.length;
  },
};
