// The whole gateway under load: a server process on one core, autocannon on the other, loopback
// only, bounded in time. Reports spans/s, request latency p50/p99 and the server's peak RSS.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { restamp } from './payload.mjs';

/** A free loopback port. */
export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitReady(url, deadlineMs = 20_000) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

const peakRssMiB = (pid) => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
};

/** Starts one server variant, loads it, stops it. */
export async function loadServer(name, args, port, payloads, spansPerRequest, { seconds, connections }) {
  const child = spawn('taskset', ['-c', '0', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitReady(`http://127.0.0.1:${port}/healthz`);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration: seconds,
      // Fresh span times on every request, as live agents send them.
      requests: payloads.map((payload) => ({
        method: 'POST',
        path: '/v1/traces',
        headers: { 'content-type': 'application/x-protobuf' },
        setupRequest: (request) => ({ ...request, body: restamp(payload) }),
      })),
    });
    const ok = result['2xx'];
    return {
      name,
      spansPerSec: (ok * spansPerRequest) / seconds,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      refused: result.non2xx,
      errors: result.errors,
      peakRssMiB: peakRssMiB(child.pid),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

// What `npm start` runs the gateway with (package.json).
export const VIGIL_NODE_FLAGS = ['--max-semi-space-size=64'];

/** A config for one bench server; `extra` lines add exporters and pipelines (none by default). */
export function vigilConfig(dir, port, rulesPath, extra = ['pipelines: { traces: { exporters: [] }, logs: { exporters: [] } }']) {
  const path = join(dir, `config-${port}.yaml`);
  writeFileSync(path, [
    'receivers:', '  otlp:', `    http: { port: ${port} }`, '    grpc: { enabled: false }',
    'admin: { enabled: false }',
    `rules: { paths: [${JSON.stringify(rulesPath)}], watch: false }`,
    `alerts: { file: { path: ${JSON.stringify(join(dir, 'detections.jsonl'))} } }`,
    'logging: { level: warn }',
    ...extra,
  ].join('\n'));
  return path;
}

/** The decode-only baseline, Vigil without rules and Vigil with the shipped rules. */
export async function benchGateway(payloads, spansPerRequest, rulesDir, options) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const emptyRules = join(dir, 'no-rules');
  writeFileSync(emptyRules + '.rules', '# no rules\n');
  const rows = [];
  let port = await freePort();
  rows.push(await loadServer('decode-only Fastify', ['bench/decode-only-server.mjs', String(port)], port, payloads, spansPerRequest, options));
  port = await freePort();
  rows.push(await loadServer('vigil, no rules', [...VIGIL_NODE_FLAGS, 'dist/cli/main.js', 'serve', '--config', vigilConfig(dir, port, emptyRules + '.rules')], port, payloads, spansPerRequest, options));
  port = await freePort();
  rows.push(await loadServer('vigil, shipped rules.d', [...VIGIL_NODE_FLAGS, 'dist/cli/main.js', 'serve', '--config', vigilConfig(dir, port, rulesDir)], port, payloads, spansPerRequest, options));
  return rows;
}
