import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { fileFactory, RotatingFile } from '../../../src/exporters/file/index.js';
import { traceRequestFromJson } from '../../../src/otlp/index.js';
import { itemsOf } from '../../helpers/otlp-downstream.js';
import { spanIds, spansRequest, startExporter, until } from '../../helpers/exporter-harness.js';
import { metricValue } from '../../helpers/otlp-receivers.js';

t.test('each batch is one OTLP/JSON line that reads back to the same spans', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-file-'));
  const path = join(dir, 'out', 'telemetry.jsonl');
  const exporter = await startExporter(fileFactory, { path });
  const ids = spanIds(3);
  await exporter.helper.offer(spansRequest(ids, { 'vigil.risk.level': 'low' }), 3);
  await until(async () => (await metricValue(exporter.metrics, 'vigil_exporter_sent_items_total', {})) === 3);
  await exporter.stop();
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  t.equal(lines.length, 1);
  const parsed = JSON.parse(lines[0]) as { resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string }[] }[] }[] };
  t.equal(parsed.resourceSpans[0].scopeSpans[0].spans[0].traceId, '07'.repeat(16), 'ids are hex, as OTLP/JSON wants');
  const items = itemsOf('traces', traceRequestFromJson(lines[0]));
  t.same(items.map((i) => i.id), ids, 'the line is valid OTLP/JSON with every span');
  t.equal(items[0].attributes['vigil.risk.level'], 'low');
});

t.test('a write error is retried, never fatal: a directory in the file\'s place, then removed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-file-'));
  const path = join(dir, 'telemetry.jsonl');
  mkdirSync(path);
  const exporter = await startExporter(fileFactory, { path });
  await exporter.helper.offer(spansRequest(spanIds(2, 'e')), 2);
  await until(async () => (await metricValue(exporter.metrics, 'vigil_exporter_failed_requests_total', { reason: 'eisdir' })) >= 1);
  rmSync(path, { recursive: true });
  await until(async () => (await metricValue(exporter.metrics, 'vigil_exporter_sent_items_total', {})) === 2);
  await exporter.stop();
  t.equal(readFileSync(path, 'utf8').trim().split('\n').length, 1, 'delivered once the path is writable');
});

t.test('rotation by size keeps max_files rotated files, and by age', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rotate-'));
  const file = new RotatingFile(join(dir, 'x.jsonl'), { maxBytes: 1024, maxAgeMs: 60_000, maxFiles: 2, fsync: false });
  for (let i = 0; i < 6; i++) await file.append(`${'y'.repeat(600)}\n`);
  await file.close();
  const names = readdirSync(dir).sort();
  t.ok(names.includes('x.jsonl'));
  t.equal(names.filter((n) => n.startsWith('x.jsonl.')).length, 2, 'only the newest two rotated files are kept');
  t.ok(names.every((n) => n === 'x.jsonl' || readFileSync(join(dir, n), 'utf8').length === 601), 'each file holds whole lines');

  const aged = new RotatingFile(join(dir, 'a.jsonl'), { maxBytes: 1 << 20, maxAgeMs: 0, maxFiles: 5, fsync: false });
  await aged.append('one\n');
  await aged.append('two\n');
  await aged.close();
  t.equal(readFileSync(join(dir, 'a.jsonl'), 'utf8'), 'two\n', 'an aged file rotates before the next line');
});
