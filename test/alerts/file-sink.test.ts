import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { FileSink } from '../../src/alerts/index.js';
import type { Detection } from '../../src/rules/index.js';
import { Metrics } from '../../src/telemetry/metrics.js';
import { until } from '../helpers/exporter-harness.js';
import { metricValue } from '../helpers/otlp-receivers.js';

const quiet = { warn: () => {}, error: () => {} };
const detection = (id: string): Detection => ({ id, ruleId: 'r.one' }) as unknown as Detection;
const lines = (path: string): string[] => (existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean) : []);

t.test('detections are queued durably, then written as JSON lines', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sink-'));
  const path = join(dir, 'detections.jsonl');
  const sink = await FileSink.open(path, new Metrics({ processMetrics: false }), quiet);
  await sink.write([detection('d1'), detection('d2')]);
  await sink.write([detection('d3')]);
  await until(() => lines(path).length === 3);
  await sink.close();
  t.same(lines(path).map((l) => (JSON.parse(l) as { id: string }).id), ['d1', 'd2', 'd3']);
});

t.test('a write error is counted and retried, never fatal; what was queued survives a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sink-'));
  const path = join(dir, 'detections.jsonl');
  mkdirSync(path); // a directory where the file should be
  const metrics = new Metrics({ processMetrics: false });
  const sink = await FileSink.open(path, metrics, quiet);
  await sink.write([detection('k1')]);
  await until(async () => (await metricValue(metrics, 'vigil_exporter_failed_requests_total', { exporter: 'alerts/file', reason: 'eisdir' })) >= 1);
  t.ok(await metricValue(metrics, 'vigil_exporter_failed_requests_total', { reason: 'eisdir' }) >= 1, 'the failure is counted');
  await sink.close(); // the gateway stops with the detection still undelivered
  rmSync(path, { recursive: true });
  const reopened = await FileSink.open(path, new Metrics({ processMetrics: false }), quiet);
  await until(() => lines(path).length === 1);
  await reopened.close();
  t.same(lines(path).map((l) => (JSON.parse(l) as { id: string }).id), ['k1'], 'delivered after the restart');
});
