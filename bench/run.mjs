// `npm run bench`: decode ceiling, rules engine alone, and the whole gateway under load.
// Every section is bounded in time; all traffic stays on loopback.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchDecode } from './decode.mjs';
import { benchEngine } from './engine.mjs';
import { benchForwarding } from './forward.mjs';
import { benchGateway } from './gateway.mjs';
import { benchSplice } from './splice.mjs';
import { makeTimedPayloads } from './payload.mjs';

const SPANS_PER_REQUEST = 100;
const quick = process.argv.includes('--quick');
const seconds = quick ? 2 : 8;
const rulesDir = resolve('rules.d');

// The load generator (this process) on core 1, every server on core 0.
try {
  execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
} catch {}

const payloads = makeTimedPayloads(16, SPANS_PER_REQUEST);
const bodies = payloads.map((p) => p.body);
const bytesPerSpan = bodies.reduce((n, b) => n + b.length, 0) / bodies.length / SPANS_PER_REQUEST;
const fmt = (n) => Math.round(n).toLocaleString('en-US');

console.log(`payloads: ${payloads.length} protobuf requests x ${SPANS_PER_REQUEST} agent spans (${bytesPerSpan.toFixed(0)} B/span)\n`);

const decode = benchDecode(bodies, SPANS_PER_REQUEST, quick ? 1 : 3);
console.log('decode, one core (spans/s)');
console.log(`  protobufjs decode only        ${fmt(decode.protobufjsSpansPerSec)}`);
console.log(`  vigil decode + validation     ${fmt(decode.vigilDecodeSpansPerSec)}\n`);

const engine = await benchEngine(payloads, rulesDir, quick ? 1 : 3);
console.log('rules engine alone, one core (events/s, normalization included)');
for (const [name, rate] of Object.entries(engine)) console.log(`  ${name.padEnd(30)}${fmt(rate)}`);
const e10 = engine['10 rules'];
console.log(`  1,000 rules / 10 rules: ${(engine['1000 rules'] / e10).toFixed(2)}x throughput\n`);

const gateway = await benchGateway(payloads, SPANS_PER_REQUEST, rulesDir, { seconds, connections: 32 });
console.log(`gateway under load: OTLP/HTTP protobuf, 32 connections, ${seconds} s, server on one core`);
console.log('  server                        spans/s     p50 ms  p99 ms  refused  errors  peak RSS MiB');
for (const row of gateway) {
  console.log(`  ${row.name.padEnd(28)}${fmt(row.spansPerSec).padStart(9)}  ${String(row.p50Ms).padStart(7)} ${String(row.p99Ms).padStart(7)} ${String(row.refused).padStart(8)} ${String(row.errors).padStart(7)}  ${row.peakRssMiB.toFixed(0).padStart(12)}`);
}
const baseline = gateway[0].spansPerSec;
const shipped = gateway[gateway.length - 1].spansPerSec;
console.log(`\n  vigil with shipped rules / decode-only: ${(shipped / baseline).toFixed(2)}x (goal: at least 0.5x)`);
console.log(`  vigil with shipped rules / protobufjs decode ceiling: ${(shipped / decode.protobufjsSpansPerSec).toFixed(2)}x`);


const splice = benchSplice(bodies, SPANS_PER_REQUEST, quick ? 1 : 3);
console.log('\nforwarding encode step, one core (spans/s)');
console.log(`  re-encode the annotated request  ${fmt(splice.reencodeSpansPerSec)}`);
console.log(`  splice vigil.* into the bytes    ${fmt(splice.spliceSpansPerSec)}  (${(splice.spliceSpansPerSec / splice.reencodeSpansPerSec).toFixed(1)}x)`);

const forwarding = await benchForwarding(payloads, SPANS_PER_REQUEST, { seconds, connections: 32 });
console.log(`\nforwarding under load: no rules, 32 connections, ${seconds} s (ratios against "no exporters", same run)`);
console.log('  variant                         spans/s   ratio   p50 ms  p99 ms  refused  peak RSS MiB');
const alone = forwarding.rows[0].spansPerSec;
for (const row of forwarding.rows) {
  console.log(`  ${row.name.padEnd(30)}${fmt(row.spansPerSec).padStart(9)}  ${(row.spansPerSec / alone).toFixed(2).padStart(6)}  ${String(row.p50Ms).padStart(7)} ${String(row.p99Ms).padStart(7)} ${String(row.refused).padStart(8)}  ${row.peakRssMiB.toFixed(0).padStart(12)}`);
}
console.log(`  (downstream dead: the queue budget is ${forwarding.deadQueueMiB} MiB; once it is used, ingest answers 503 + Retry-After and RSS stays flat)`);

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), bytesPerSpan, decode, engine, gateway, splice, forwarding }, null, 2));
