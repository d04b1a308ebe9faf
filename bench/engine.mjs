// The rules engine alone: events/s for 10, 100 and 1,000 generated rules and for the shipped rules.
import { eventsFromTraces } from '../dist/event/index.js';
import { decodeTraceRequest } from '../dist/otlp/index.js';
import { restamp } from './payload.mjs';
import { compileRuleSet, loadRuleSet, RulesEngine } from '../dist/rules/index.js';
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

async function eventsPerSecond(engine, payloads, seconds) {
  let events = 0;
  let busyNs = 0n;
  const until = Date.now() + seconds * 1000;
  for (let round = 0; Date.now() < until; round++) {
    // Fresh events every time: normalization is part of what the rules cost.
    const batch = eventsFromTraces(decodeTraceRequest(restamp(payloads[round % payloads.length])));
    const start = process.hrtime.bigint();
    await engine.evaluate(batch);
    busyNs += process.hrtime.bigint() - start;
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
  return rows;
}
