import { eventsFromTraces } from './dist/event/index.js';
import { decodeTraceRequest } from './dist/receivers/otlp/index.js';
import { makeTimedPayloads, restamp } from './bench/payload.mjs';
import { loadRuleSet, RulesEngine } from './dist/rules/index.js';
import { MemoryStore } from './dist/store/index.js';
const payloads = makeTimedPayloads(16, 100);
const { rules } = await loadRuleSet(['rules.d']);
const engine = new RulesEngine(rules, { store: new MemoryStore({ maxGroups: 100_000, maxPartialSequences: 100_000 }), latenessMs: 30_000, maxEventsPerDetection: 100 });
let n = 0; let ns = 0n;
for (let round = 0; round < 300; round++) {
  const batch = eventsFromTraces(decodeTraceRequest(restamp(payloads[round % payloads.length])));
  const t0 = process.hrtime.bigint();
  await engine.evaluate(batch);
  ns += process.hrtime.bigint() - t0; n += batch.length;
}
console.log('engine events/s', Math.round(n / (Number(ns) / 1e9)));
