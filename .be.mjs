import { benchEngine } from './bench/engine.mjs';
import { makeTimedPayloads } from './bench/payload.mjs';
console.log(await benchEngine(makeTimedPayloads(16, 100), 'rules.d', 2));
