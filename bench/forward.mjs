// Forwarding under load: the same gateway (no rules, so the exporters' cost stands out) without exporters, with the file
// exporter, with the otlp exporter into a local receiver (disk queue fsync always / never, memory
// queue), and with the otlp downstream dead for the whole run (RSS bound under back-pressure).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, loadServer, VIGIL_NODE_FLAGS, vigilConfig } from './gateway.mjs';

const DEAD_QUEUE_BYTES = 16 * 1024 * 1024;

const exporterLines = (name, section) => [
  'exporters:',
  `  ${name}: ${JSON.stringify(section)}`,
  `pipelines: { traces: { exporters: [${name}] }, logs: { exporters: [] } }`,
];

/** Rows in one run, so their ratios compare like with like. */
export async function benchForwarding(payloads, spansPerRequest, options) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-fwd-'));
  const rulesDir = join(dir, 'no-rules.rules');
  writeFileSync(rulesDir, '# no rules\n');
  const downstreamPort = await freePort();
  // The downstream collector: the decode-only OTLP/HTTP server, on the load generator's core.
  const downstream = spawn('taskset', ['-c', '1', process.execPath, 'bench/decode-only-server.mjs', String(downstreamPort)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const otlp = (queue) => ({ endpoint: `http://127.0.0.1:${downstreamPort}`, queue: { directory: join(dir, `queue-${Math.random().toString(36).slice(2)}`), ...queue } });
  const variants = [
    ['no exporters', undefined],
    ['file exporter (disk queue)', exporterLines('file/bench', { path: join(dir, 'telemetry.jsonl'), queue: { directory: join(dir, 'queue-file') } })],
    ['otlp exporter, disk queue', exporterLines('otlp/bench', otlp({}))],
    ['otlp, disk queue fsync: never', exporterLines('otlp/bench', otlp({ fsync: 'never' }))],
    ['otlp, memory queue', exporterLines('otlp/bench', otlp({ mode: 'memory' }))],
    ['otlp, downstream dead', exporterLines('otlp/dead', { endpoint: 'http://127.0.0.1:9', queue: { directory: join(dir, 'queue-dead'), max_bytes: DEAD_QUEUE_BYTES } })],
  ];
  const rows = [];
  try {
    for (const [name, extra] of variants) {
      const port = await freePort();
      const args = [...VIGIL_NODE_FLAGS, 'dist/cli/main.js', 'serve', '--config', vigilConfig(dir, port, rulesDir, extra)];
      rows.push(await loadServer(name, args, port, payloads, spansPerRequest, options));
    }
  } finally {
    downstream.kill('SIGTERM');
  }
  return { rows, deadQueueMiB: DEAD_QUEUE_BYTES / 1024 / 1024 };
}
