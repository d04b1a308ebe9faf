import { hostOf } from '../../../event/index.js';
import { textFunction, type FunctionDef } from './function.js';

/** `host(u)`: the host of a URL, lowercased, without user, port or brackets. */
export const host: FunctionDef = textFunction('host', 'string', (url) => hostOf(url));
