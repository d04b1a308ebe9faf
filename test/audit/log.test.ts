import t from 'tap';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, matchesQuery, readAuditRecords } from '../../src/audit/index.js';
import { auditDir, verifyWith, writeTrail } from '../helpers/audit.js';

t.test('records chain and carry their fields; chain fields cannot be overridden', async (t) => {
  const options = auditDir();
  const log = AuditLog.open(options);
  t.ok(log.key.created, 'the key is made on first open');
  const a = log.record('admin.action', { actor: 'alice', action: 'kill', why: 'exfiltration' });
  const b = log.record('detection', { seq: 999, hash: 'x', prev: 'y', rule: 'r1' });
  log.close();
  t.match(a, { seq: 1, kind: 'admin.action', actor: 'alice', action: 'kill', why: 'exfiltration', prev: '0'.repeat(64) });
  t.match(b, { seq: 2, rule: 'r1', prev: a!.hash });
  t.not(b!.hash, 'x');
  t.equal(log.record('late', {}), undefined, 'nothing is written after close');
  t.same(verifyWith(options).problems, []);
  t.notOk(AuditLog.open(options).key.created, 'the key is reused');
});

t.test('a record is bounded: long values are cut with a marker', async (t) => {
  const options = auditDir();
  const log = AuditLog.open(options);
  const record = log.record('detection', { message: `rm -rf / ${'x'.repeat(15 * 1024 * 1024)}`, list: Array.from({ length: 1000 }, (_, i) => i) });
  log.close();
  const line = readFileSync(join(options.dir, '000001.jsonl'), 'utf8').split('\n')[0]!;
  t.ok(line.length < 8 * 1024, `one line of ${line.length} bytes`);
  t.match(record!.message, /^rm -rf \/ x+…\[truncated 15726\d+ chars\]$/);
  t.equal((record!.list as unknown[]).length, 65);
  t.same(verifyWith(options).problems, []);
});

t.test('a segment left open by a kill is sealed on the next open and the chain goes on', async (t) => {
  const options = auditDir();
  writeTrail(options, 7, false); // never closed: segment 000002 (seq 6-7) open
  t.same(verifyWith(options).problems, []);
  const next = AuditLog.open(options);
  next.record('gateway.start', { actor: 'gateway' });
  next.close();
  t.same(readdirSync(options.dir).sort(), ['000001.digest.json', '000001.jsonl', '000002.digest.json', '000002.jsonl', '000003.digest.json', '000003.jsonl']);
  const report = verifyWith(options);
  t.same(report.problems, []);
  t.equal(report.records, 8);
});

t.test('an open segment damaged while stopped: only the records that chain are sealed, verify reports the rest', async (t) => {
  const options = auditDir();
  writeTrail(options, 7, false);
  appendFileSync(join(options.dir, '000002.jsonl'), '{"seq":8,"kind":"forged"}\n');
  const next = AuditLog.open(options);
  next.record('gateway.start', {});
  next.close();
  t.same(verifyWith(options).problems, ["segment 000002 line 3: inserted record (seq 8 is outside this segment's 6–7)"]);
});

t.test('retention by size prunes the oldest sealed segments, records it, and the rest verifies', async (t) => {
  const options = auditDir({ retention: { maxAgeMs: 0, maxBytes: 2500 } });
  writeTrail(options, 40);
  const segments = readdirSync(options.dir).filter((f) => f.endsWith('.jsonl')).sort();
  t.ok(segments[0] !== '000001.jsonl', `oldest pruned; kept ${segments.join(', ')}`);
  const report = verifyWith(options);
  t.same(report.problems, []);
  t.match(report.notes.join('\n'), /^segments 1–\d+ pruned by retention; segment \d{6}'s digest anchors the rest$/m);
  const pruned = [...readAuditRecords(options.dir)].filter((r) => r.kind === 'audit.retention');
  t.ok(pruned.length > 0, 'each pass is in the trail');
});

t.test('retention by age prunes sealed segments older than the bound, never the newest sealed one', async (t) => {
  let now = new Date('2026-01-01T00:00:00Z');
  const options = auditDir({ retention: { maxAgeMs: 24 * 3600_000, maxBytes: 0 }, now: () => now });
  writeTrail(options, 10); // segments 1 and 2, sealed on Jan 1
  now = new Date('2026-01-03T00:00:00Z');
  const log = AuditLog.open(options);
  log.record('gateway.start', {});
  log.close();
  const kept = readdirSync(options.dir).filter((f) => f.endsWith('.jsonl')).sort();
  t.same(kept, ['000002.jsonl', '000003.jsonl'], 'segment 1 pruned, 2 (then the newest sealed) kept as the anchor');
  t.same(verifyWith(options).problems, []);
});

t.test('query filters by time, session, rule and actor', async (t) => {
  const options = auditDir();
  writeTrail(options, 9);
  const all = [...readAuditRecords(options.dir)];
  t.equal(all.length, 9);
  t.same(all.filter((r) => matchesQuery(r, { session: 's1', rule: 'r.0' })).map((r) => r.message), ['m4']);
  t.equal(all.filter((r) => matchesQuery(r, { actor: 'engine' })).length, 9);
  t.equal(all.filter((r) => matchesQuery(r, { sinceMs: Date.now() + 60_000 })).length, 0);
  t.equal(all.filter((r) => matchesQuery(r, { untilMs: Date.now() + 60_000 })).length, 9);
});
