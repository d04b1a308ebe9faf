import t from 'tap';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordHash } from '../../src/audit/chain.js';
import { auditDir, editLines, verifyWith, writeTrail } from '../helpers/audit.js';

// 12 records in segments of 5: 000001 (seq 1-5), 000002 (6-10), 000003 (11-12), all sealed.
const sealedTrail = () => {
  const options = auditDir();
  writeTrail(options, 12);
  return options;
};
const seg = (dir: string, n: number) => join(dir, `00000${n}.jsonl`);
const dig = (dir: string, n: number) => join(dir, `00000${n}.digest.json`);

t.test('a sound trail verifies OK, sealed or with the open segment', async (t) => {
  const options = sealedTrail();
  const report = verifyWith(options);
  t.same(report.problems, []);
  t.match(report, { ok: true, segments: 3, sealed: 3, records: 12 });
  const running = auditDir();
  const log = writeTrail(running, 7, false);
  t.same(verifyWith(running).problems, [], 'the current, unsealed segment verifies too');
  t.same(verifyWith(running).notes, ['segment 000002 is open (not sealed yet)']);
  log.close();
});

t.test('a modified record is named by segment, line and seq', async (t) => {
  const { dir, ...rest } = sealedTrail();
  editLines(seg(dir, 2), (lines) => lines.map((l, i) => (i === 2 ? l.replace('"m7"', '"m7 (edited)"') : l)));
  t.same(verifyWith({ dir, ...rest }).problems, ['segment 000002 line 3: modified record seq 8 (its hash does not match its content)']);
});

t.test('a record rewritten with its hash recomputed breaks the next link', async (t) => {
  const options = sealedTrail();
  editLines(seg(options.dir, 1), (lines) =>
    lines.map((l, i) => {
      if (i !== 1) return l;
      const record = JSON.parse(l);
      record.message = 'nothing happened';
      return JSON.stringify({ ...record, hash: recordHash(record) });
    }),
  );
  t.same(verifyWith(options).problems, ['segment 000001 line 2: modified record seq 2 (rewritten: seq 3 no longer links to it)']);
});

t.test('deleted, inserted and reordered records', async (t) => {
  const deleted = sealedTrail();
  editLines(seg(deleted.dir, 2), (lines) => lines.filter((_, i) => i !== 1 && i !== 2));
  t.same(verifyWith(deleted).problems, ['segment 000002: deleted records seq 7–8']);
  const inserted = sealedTrail();
  editLines(seg(inserted.dir, 1), (lines) => [...lines.slice(0, 2), lines[4]!, ...lines.slice(2)]);
  t.same(verifyWith(inserted).problems, ['segment 000001 line 3: inserted record (a second record with seq 5)']);
  const forgedLine = sealedTrail();
  editLines(seg(forgedLine.dir, 1), (lines) => [lines[0]!, JSON.stringify({ seq: 99, time: '2026-01-01T00:00:00.000Z', kind: 'detection', prev: 'x', hash: 'y' }), ...lines.slice(1)]);
  t.same(verifyWith(forgedLine).problems, ['segment 000001 line 2: inserted record (seq 99 is outside this segment\'s 1–5)']);
  const reordered = sealedTrail();
  editLines(seg(reordered.dir, 3), (lines) => [lines[1]!, lines[0]!]);
  t.same(verifyWith(reordered).problems, ['segment 000003 line 2: reordered record (seq 11 comes after seq 12)']);
});

t.test('a truncated or missing segment', async (t) => {
  const cut = sealedTrail();
  editLines(seg(cut.dir, 2), (lines) => lines.slice(0, 3));
  t.same(verifyWith(cut).problems, ['segment 000002: truncated segment (3 of 5 records remain; records after seq 8 are gone)']);
  const midLine = sealedTrail();
  truncateSync(seg(midLine.dir, 1), readFileSync(seg(midLine.dir, 1)).length - 20);
  t.same(verifyWith(midLine).problems, ['segment 000001: truncated segment (4 of 5 records remain; records after seq 4 are gone)']);
  const gone = sealedTrail();
  rmSync(seg(gone.dir, 2));
  rmSync(dig(gone.dir, 2));
  t.same(verifyWith(gone).problems, ['segment 000002: missing segment (its records and digest are gone)']);
  const onlyDigest = sealedTrail();
  rmSync(seg(onlyDigest.dir, 2));
  t.same(verifyWith(onlyDigest).problems, ['segment 000002: missing segment (its digest remains)']);
  const first = sealedTrail();
  rmSync(seg(first.dir, 1));
  rmSync(dig(first.dir, 1));
  t.same(verifyWith(first).problems, ['segment 000001: missing segment (not pruned by retention)']);
});

t.test('a forged or missing digest, and the wrong key', async (t) => {
  const missing = sealedTrail();
  rmSync(dig(missing.dir, 2));
  t.same(verifyWith(missing).problems, ['segment 000002: missing digest (the segment is not the open one)']);
  const stopped = auditDir();
  const log = writeTrail(stopped, 3, false);
  log.record('gateway.stop', { actor: 'gateway' });
  log.close();
  rmSync(dig(stopped.dir, 1));
  t.same(verifyWith(stopped).problems, ['segment 000001: missing digest (the segment ends with gateway.stop, so it was sealed)']);
  const forged = sealedTrail();
  const digest = JSON.parse(readFileSync(dig(forged.dir, 1), 'utf8'));
  writeFileSync(dig(forged.dir, 1), JSON.stringify({ ...digest, records: 4 }) + '\n');
  t.same(verifyWith(forged).problems, ['segment 000001: forged digest (its signature does not verify)']);
  const resigned = sealedTrail();
  const other = generateKeyPairSync('ed25519');
  const { signature: _s, ...body } = JSON.parse(readFileSync(dig(resigned.dir, 1), 'utf8'));
  writeFileSync(dig(resigned.dir, 1), JSON.stringify({ ...body, signature: sign(null, Buffer.from(JSON.stringify(body)), other.privateKey).toString('base64') }) + '\n');
  t.same(verifyWith(resigned).problems, ['segment 000001: forged digest (its signature does not verify)'], 'signed by another key under this key\'s name');
  const wrongKey = sealedTrail();
  const stranger = auditDir();
  writeTrail(stranger, 1);
  const report = verifyWith(wrongKey, stranger.publicKeyPath);
  t.equal(report.problems.length, 3);
  t.match(report.problems[0], /^segment 000001: wrong key \(digest signed by key [0-9a-f]{32}, verifying with key [0-9a-f]{32}\)$/);
});

t.test('digests chain across segments: a digest swapped in from another trail is caught', async (t) => {
  const a = sealedTrail();
  const b = auditDir({ keyPath: a.keyPath, publicKeyPath: a.publicKeyPath });
  writeTrail(b, 12);
  writeFileSync(seg(a.dir, 2), readFileSync(seg(b.dir, 2)));
  writeFileSync(dig(a.dir, 2), readFileSync(dig(b.dir, 2)));
  t.same(verifyWith(a).problems, [
    'segment 000002: digest does not chain to segment 000001\'s digest',
    'segment 000002 line 1: record seq 6 does not link to the previous segment\'s last record',
    'segment 000003: digest does not chain to segment 000002\'s digest',
    'segment 000003 line 1: record seq 11 does not link to the previous segment\'s last record',
  ]);
});
