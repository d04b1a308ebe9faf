import { eventsFromTraces } from './dist/event/index.js';
import { decodeTraceRequest } from './dist/receivers/otlp/index.js';
import { makeTimedPayloads, restamp } from './bench/payload.mjs';
import { loadRuleSet } from './dist/rules/index.js';
const payloads = makeTimedPayloads(16, 100);
const { rules } = await loadRuleSet(['rules.d']);
const preds = rules.flatMap(rule => rule.kind === 'sequence' ? rule.sequence.steps.map(s => s.match) : [rule.match]);
let n = 0; let ns = 0n;
for (let round = 0; round < 400; round++) {
  const batch = eventsFromTraces(decodeTraceRequest(restamp(payloads[round % payloads.length])));
  const t0 = process.hrtime.bigint();
  for (const e of batch) for (const p of preds) p(e, []);
  ns += process.hrtime.bigint() - t0; n += batch.length;
}
console.log('events/s (all predicates, no index, normalization incl.)', Math.round(n / (Number(ns) / 1e9)));
