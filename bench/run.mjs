// `npm run bench`: decode ceiling, rules engine alone, and the whole gateway under load.
// Every section is bounded in time; all traffic stays on loopback.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchChecks } from './check.mjs';
import { benchDecode } from './decode.mjs';
import { benchEngine } from './engine.mjs';
import { benchForwarding } from './forward.mjs';
import { benchGateway } from './gateway.mjs';
import { benchNormalize } from './normalize.mjs';
import { benchSplice } from './splice.mjs';
import { benchShell } from './shell.mjs';
import { makeTimedPayloads } from './payload.mjs';
import { benchSecurity } from './security.mjs';

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

const shell = benchShell(quick);
console.log('shell parser, one core (µs per command line)');
console.log(`  uncached (new text)           ${shell.uncachedMicros.toFixed(1)}`);
console.log(`  cached (repeated text)        ${shell.cachedMicros.toFixed(2)}`);
for (const [name, ms] of Object.entries(shell.hostileMs)) console.log(`  hostile: ${name.padEnd(21)}${ms.toFixed(1)} ms`);
console.log('');

const engine = await benchEngine(payloads, rulesDir, quick ? 1 : 3);
console.log('rules engine alone, one core (events/s, normalization included)');
for (const [name, rate] of Object.entries(engine)) console.log(`  ${name.padEnd(30)}${fmt(rate)}`);
const e10 = engine['10 rules'];
console.log(`  1,000 rules / 10 rules: ${(engine['1000 rules'] / e10).toFixed(2)}x throughput (goal: cost at most 1.5x, i.e. at least 0.67x)`);
console.log(`  every command distinct / repeated commands: ${(engine['shipped, every command distinct'] / engine[Object.keys(engine).find((k) => k.startsWith('shipped rules.d'))]).toFixed(2)}x (the literal prefilter alone, no answers kept per text)`);
console.log(`  sequence event, group flooded with 10,000 first steps / empty group: ${(engine['sequence, empty group'] / engine['sequence, 10,000 first steps held']).toFixed(2)}x cost per event\n`);

const normalize = benchNormalize(quick ? 0.3 : 1);
console.log('normalization per dialect, recorded sessions, one core (events/s: events built and every normalized field derived)');
for (const [name, rate] of Object.entries(normalize)) console.log(`  ${name.padEnd(30)}${fmt(rate)}`);
console.log('');

const gateway = await benchGateway(payloads, SPANS_PER_REQUEST, rulesDir, { seconds, connections: 32 });
console.log(`gateway under load: OTLP/HTTP protobuf, 32 connections, ${seconds} s, server on one core`);
console.log('  server                        spans/s     p50 ms  p99 ms  refused  errors  peak RSS MiB');
for (const row of gateway) {
  console.log(`  ${row.name.padEnd(28)}${fmt(row.spansPerSec).padStart(9)}  ${String(row.p50Ms).padStart(7)} ${String(row.p99Ms).padStart(7)} ${String(row.refused).padStart(8)} ${String(row.errors).padStart(7)}  ${row.peakRssMiB.toFixed(0).padStart(12)}`);
}
const row = (name) => gateway.find((r) => r.name === name).spansPerSec;
const baseline = row('decode-only Fastify');
const shipped = row('vigil, shipped rules.d');
console.log(`\n  vigil with shipped rules / decode-only: ${(shipped / baseline).toFixed(2)}x (goal: at least 0.5x)`);
console.log(`  fixed body posted repeatedly, vigil shipped / decode-only: ${(row('vigil shipped, fixed body') / row('decode-only, fixed body')).toFixed(2)}x (goal: at least 0.5x)`);
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

const checks = await benchChecks(payloads, SPANS_PER_REQUEST, rulesDir, { seconds, connections: 32, decisions: quick ? 2_000 : 20_000 });
console.log('\npre-action checks with the shipped rules (decision in process; /v1/check over HTTP, 32 connections)');
console.log('  state     decision p50 us  p99 us   /v1/check checks/s  p50 ms  p99 ms');
for (const name of ['memory', 'redis']) {
  const d = checks.inProcess[name];
  const h = checks.http[name];
  console.log(`  ${name.padEnd(8)}  ${d.p50Us.toFixed(0).padStart(15)} ${d.p99Us.toFixed(0).padStart(7)}   ${fmt(h.spansPerSec).padStart(18)} ${String(h.p50Ms).padStart(7)} ${String(h.p99Ms).padStart(7)}`);
}
const [mem, red] = [checks.ingest.memory.spansPerSec, checks.ingest.redis.spansPerSec];
console.log(`  ingest spans/s: memory state ${fmt(mem)}, redis state ${fmt(red)} (redis costs ${((1 - red / mem) * 100).toFixed(0)} %, goal at most 30 %)`);

const security = await benchSecurity(payloads, SPANS_PER_REQUEST, rulesDir, { seconds, connections: 32 });
console.log(`\ningest with authentication and the audit trail, shipped rules, 32 connections, ${seconds} s`);
console.log('  variant                       spans/s     p50 ms  p99 ms  refused  errors');
for (const row of security) {
  console.log(`  ${row.name.padEnd(28)}${fmt(row.spansPerSec).padStart(9)}  ${String(row.p50Ms).padStart(7)} ${String(row.p99Ms).padStart(7)} ${String(row.refused).padStart(8)} ${String(row.errors).padStart(7)}`);
}
const off = security[0].spansPerSec;
console.log(`  auth + audit on / both off: ${(security[3].spansPerSec / off).toFixed(2)}x`);

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), bytesPerSpan, decode, shell, engine, normalize, gateway, splice, forwarding, checks, security }, null, 2));
