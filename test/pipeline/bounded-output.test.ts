import t from 'tap';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { RecentSink } from '../../src/alerts/index.js';
import type { Detection } from '../../src/rules/index.js';
import { inside } from '../helpers/paths.js';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const RULES = join(import.meta.dirname, '..', '..', 'rules.d');

// The finding: one span whose command holds `rm -rf /`, a secret and 15 MB of text, gzip-uploaded.
const hostileSpan = (i: number): Buffer =>
  gzipSync(
    JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: (0x10000000 + i).toString(16).padStart(16, '1'), name: 'execute_tool bash', startTimeUnixNano: String(Date.now() * 1e6), attributes: [
        { key: 'gen_ai.tool.name', value: { stringValue: 'bash' } },
        { key: 'gen_ai.conversation.id', value: { stringValue: 'conv-big' } },
        { key: 'gen_ai.tool.call.arguments', value: { stringValue: JSON.stringify({ command: `rm -rf / --no-preserve-root; export AWS_ACCESS_KEY_ID=${SECRET}; echo ${'A'.repeat(15 * 1024 * 1024)}` }) } },
      ] }] }] }],
    }),
  );

t.test('15 MB commands: detections, audit records and the admin list stay small; the secret appears nowhere', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bounded-'));
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } },
    admin: { port: 0 },
    rules: { paths: [RULES], watch: false },
    alerts: { file: { path: join(dir, 'detections.jsonl') } },
    audit: { dir: join(dir, 'audit'), key_path: join(dir, 'audit.key'), public_key_path: join(dir, 'audit.pub') },
    logging: { level: 'silent' },
  });
  const gateway = await Gateway.start(config, { resolvePath: inside(dir), processMetrics: false });
  const uploads = 2;
  for (let i = 0; i < uploads; i++) {
    const res = await fetch(`${gateway.addresses.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: hostileSpan(i) });
    t.equal(res.status, 200);
  }
  const admin = await (await fetch(`${gateway.addresses.admin}/admin/detections`)).text();
  await gateway.stop();
  const lines = readFileSync(join(dir, 'detections.jsonl'), 'utf8').trim().split('\n');
  const detections = lines.map((l) => JSON.parse(l) as Detection);
  t.ok(detections.length >= uploads, `${detections.length} detections`);
  t.ok(detections.some((d) => d.ruleId.startsWith('vigil.destructive.')), 'rm -rf / is detected');
  t.ok(Math.max(...lines.map((l) => l.length)) < 4096, 'every detection line is under 4 KiB');
  t.ok(statSync(join(dir, 'detections.jsonl')).size < detections.length * 4096);
  t.ok(detections.filter((d) => d.message.length > 1000).every((d) => /…\[truncated \d+ chars\]$/.test(d.message)), 'long messages end with the marker');
  const audit = readFileSync(join(dir, 'audit', '000001.jsonl'), 'utf8');
  t.ok(Math.max(...audit.split('\n').map((l) => l.length)) < 8192, 'every audit record is under 8 KiB');
  t.ok(admin.length < detections.length * 4096, `the admin answer is ${admin.length} bytes`);
  for (const [where, text] of [['detections file', lines.join('\n')], ['audit trail', audit], ['admin answer', admin]] as const) t.notOk(text.includes(SECRET), `no secret in the ${where}`);
});

t.test('the recent-detections list is bounded in bytes as well as in count', async (t) => {
  const sink = new RecentSink(1000, 10_000);
  const detection = (i: number): Detection => ({ id: `d${i}`, ruleId: 'r', title: 't', severity: 'low', score: 1, tags: [], actions: [], message: 'x'.repeat(900), kind: 'single', group: {}, timeMs: i, events: [] });
  sink.write(Array.from({ length: 50 }, (_, i) => detection(i)));
  const kept = sink.recent();
  t.ok(kept.length < 50 && kept.length > 0, `${kept.length} kept`);
  t.ok(Buffer.byteLength(JSON.stringify(kept)) <= 10_000 + kept.length);
  t.equal(kept[kept.length - 1]!.id, 'd49', 'the newest stay');
});
