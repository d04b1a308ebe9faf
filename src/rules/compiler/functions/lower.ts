import { textFunction, type FunctionDef } from './function.js';

/** `lower(s)`: the text in lower case. */
export const lower: FunctionDef = textFunction('lower', 'string', (text) => text.toLowerCase());
