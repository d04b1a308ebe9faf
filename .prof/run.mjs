import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const { default: autocannon } = await import('/work/main/node_modules/autocannon/autocannon.js');
process.chdir('/work/main');
const { makeTimedPayloads, restamp } = await import('/work/main/bench/payload.mjs');
const { vigilConfig, freePort } = await import('/work/main/bench/gateway.mjs');
const payloads = makeTimedPayloads(16, 100);
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const port = await freePort();
const cfg = vigilConfig(dir, port, '/work/main/rules.d');
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof/out', '--max-semi-space-size=64', 'dist/cli/main.js', 'serve', '--config', cfg], { stdio: ['ignore', 'ignore', 'inherit'] });
for (let i = 0; i < 100; i++) { try { const r = await fetch(`http://127.0.0.1:${port}/healthz`); if (r.ok) break; } catch {} await new Promise((r) => setTimeout(r, 200)); }
const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 16, duration: Number(process.argv[2] ?? 10),
  requests: payloads.map((p) => ({ method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, setupRequest: (req) => ({ ...req, body: restamp(p) }) })) });
console.log('2xx', result['2xx'], 'non2xx', result.non2xx, 'spans/s', (result['2xx'] * 100 / result.duration).toFixed(0));
child.kill('SIGINT');
await new Promise((r) => child.on('exit', r));
