import { eventsFromTraces } from './dist/event/index.js';
import { decodeTraceRequest } from './dist/receivers/otlp/index.js';
import { makeTimedPayloads, restamp } from './bench/payload.mjs';
import { loadRuleSet } from './dist/rules/index.js';
const payloads = makeTimedPayloads(16, 100);
const shipped = await loadRuleSet(['rules.d']);
const rules = shipped.rules;
const times = new Map();
const batches = [];
for (let i = 0; i < 10; i++) batches.push(eventsFromTraces(decodeTraceRequest(restamp(payloads[i % payloads.length]))));
// warm normalization
for (const b of batches) for (const e of b) e.normalizedField('command');
for (const rule of rules) {
  const preds = rule.kind === 'sequence' ? rule.sequence.steps.map(s => s.match) : [rule.match];
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < 3; r++) for (const b of batches) for (const e of b) for (const p of preds) p(e, []);
  times.set(rule.id, Number(process.hrtime.bigint() - t0) / 1e6);
}
const sorted = [...times].sort((a, b) => b[1] - a[1]);
const total = sorted.reduce((n, [, t]) => n + t, 0);
console.log('total ms for 3000 events', total.toFixed(1));
for (const [id, t] of sorted.slice(0, 15)) console.log(t.toFixed(1).padStart(8), id);
const e = batches[0][0];
console.log(JSON.stringify({cmd: e.normalizedField('command'), args: e.normalizedField('tool.args'), op: e.normalizedField('operation'), tool: e.normalizedField('tool.name'), prompt: String(e.normalizedField('prompt')).slice(0,200)}));
