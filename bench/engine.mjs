// The rules engine alone: events/s for 10, 100 and 1,000 generated rules, for the shipped rules (on
// repeated and on distinct commands), and for a sequence group flooded with first steps.
import { eventsFromTraces } from '../dist/event/index.js';
import { decodeTraceRequest } from '../dist/otlp/index.js';
import { restamp } from './payload.mjs';
import { compileRuleSet, eventFromCase, loadRuleSet, RulesEngine } from '../dist/rules/index.js';
import { MemoryStore } from '../dist/store/index.js';

const TOOLS = ['bash', 'read_file', 'http_get', 'write_file', 'search', 'python', 'sql', 'email', 'browser', 'git'];

/**
 * `count` rules shaped like real ones: each keyed on a tool name and a pattern over the command,
 * path or URL; one in ten is a threshold. Most tool names never occur in the traffic, as in a
 * large rule set most rules cannot match most events.
 */
export function generatedRules(count) {
  const rules = [];
  for (let i = 0; i < count; i++) {
    const tool = i < 10 ? TOOLS[i] : `tool_${i}`;
    const field = ['command', 'file.path', 'url.host'][i % 3];
    const body = i % 10 === 9
      ? `when: tool.name == "${tool}"\n  threshold: count > 1000 within 1m by session.id`
      : `when: tool.name == "${tool}" and ${field} matches /(?i)secret_${i}|forbidden_${i}/`;
    rules.push(`rule gen.r${i} {\n  title: "generated ${i}"\n  severity: low\n  score: 10\n  ${body}\n}`);
  }
  return rules.join('\n');
}

function engineFor(rules) {
  return new RulesEngine(rules, { store: new MemoryStore({ maxGroups: 100_000, maxPartialSequences: 100_000 }), latenessMs: 30_000, maxEventsPerDetection: 100 });
}

/** Makes every tool call's arguments unique (nothing can be answered from an earlier, equal text). */
let distinctCount = 0;
function distinctArguments(request) {
  for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) {
    for (const kv of span.attributes ?? []) if (kv.key === 'gen_ai.tool.call.arguments') kv.value.stringValue = kv.value.stringValue.replace('"}', ` #${distinctCount++}"}`);
  }
  return request;
}

// CPU time of this thread's process, not wall time: the bench machine is shared.
const cpuNs = (since) => {
  const d = process.cpuUsage(since);
  return BigInt(d.user + d.system) * 1000n;
};

async function eventsPerSecond(engine, payloads, seconds, { distinct = false } = {}) {
  let events = 0;
  let busyNs = 0n;
  const warm = Date.now() + 500;
  const until = warm + seconds * 1000;
  for (let round = 0; Date.now() < until; round++) {
    // Fresh events every time: normalization is part of what the rules cost.
    const request = decodeTraceRequest(restamp(payloads[round % payloads.length]));
    const batch = eventsFromTraces(distinct ? distinctArguments(request) : request);
    const start = process.cpuUsage();
    await engine.evaluate(batch);
    if (Date.now() < warm) continue; // the first half second warms the JIT up
    busyNs += cpuNs(start);
    events += batch.length;
  }
  return events / (Number(busyNs) / 1e9);
}

const SEQUENCE = `rule bench.seq { title: "s" severity: low score: 1
  sequence by session.id within 10m { step a: tool.name == "read_file" step b: tool.name == "http_post" } }`;

/** Events/s of first steps into one group that already holds `held` of them, against fresh groups. */
async function sequenceRate(held, seconds) {
  const { rules } = compileRuleSet([{ path: 'seq.rules', text: SEQUENCE }]);
  const engine = engineFor(rules);
  let n = 0;
  const step = (session) => eventFromCase({ at: n, attributes: { 'gen_ai.tool.name': 'read_file', 'gen_ai.conversation.id': session, 'gen_ai.tool.call.id': `c${n++}` } });
  for (let i = 0; i < held; i += 1000) await engine.evaluate(Array.from({ length: 1000 }, () => step('flooded')));
  let events = 0;
  let busyNs = 0n;
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const batch = Array.from({ length: 100 }, () => step(held > 0 ? 'flooded' : `fresh-${n}`));
    const start = process.cpuUsage();
    await engine.evaluate(batch);
    busyNs += cpuNs(start);
    events += batch.length;
  }
  return events / (Number(busyNs) / 1e9);
}

/** Engine-only throughput per rule-set size. */
export async function benchEngine(payloads, rulesDir, seconds = 3) {
  const rows = {};
  for (const count of [10, 100, 1000]) {
    const compiled = compileRuleSet([{ path: `generated-${count}.rules`, text: generatedRules(count) }]);
    if (compiled.rules.length !== count) throw new Error(`generated rules did not compile: ${JSON.stringify(compiled.diagnostics.slice(0, 3))}`);
    rows[`${count} rules`] = await eventsPerSecond(engineFor(compiled.rules), payloads, seconds);
  }
  const shipped = await loadRuleSet([rulesDir]);
  rows[`shipped rules.d (${shipped.rules.length})`] = await eventsPerSecond(engineFor(shipped.rules), payloads, seconds);
  rows['shipped, every command distinct'] = await eventsPerSecond(engineFor(shipped.rules), payloads, seconds, { distinct: true });
  rows['sequence, empty group'] = await sequenceRate(0, seconds);
  rows['sequence, 10,000 first steps held'] = await sequenceRate(10_000, seconds);
  return rows;
}
