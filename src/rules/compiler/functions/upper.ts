import { textFunction, type FunctionDef } from './function.js';

/** `upper(s)`: the text in upper case. */
export const upper: FunctionDef = textFunction('upper', 'string', (text) => text.toUpperCase());
