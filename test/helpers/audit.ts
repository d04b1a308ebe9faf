import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, readPublicKey, verifyAuditTrail, type AuditOptions, type VerifyReport } from '../../src/audit/index.js';

/** A fresh trail directory with its key beside it (not inside: verify reads only segments). */
export function auditDir(overrides: Partial<AuditOptions> = {}): AuditOptions {
  const base = mkdtempSync(join(tmpdir(), 'vigil-audit-'));
  return {
    dir: join(base, 'audit'),
    keyPath: join(base, 'signing.key'),
    publicKeyPath: join(base, 'signing.pub'),
    segmentMaxRecords: 5,
    segmentMaxBytes: 1024 * 1024,
    retention: { maxAgeMs: 0, maxBytes: 0 },
    ...overrides,
  };
}

/** Writes `count` detection records (sessions s0, s1, s2 in turn) and closes the log. */
export function writeTrail(options: AuditOptions, count: number, close = true): AuditLog {
  const log = AuditLog.open(options);
  for (let i = 0; i < count; i++) log.record('detection', { actor: 'engine', rule: `r.${i % 2}`, session: `s${i % 3}`, message: `m${i}` });
  if (close) log.close();
  return log;
}

/** Verifies the trail with its own public key. */
export const verifyWith = (options: AuditOptions, publicKeyPath = options.publicKeyPath): VerifyReport => verifyAuditTrail(options.dir, readPublicKey(publicKeyPath));

/** The lines of a file, to edit and write back. */
export function editLines(path: string, edit: (lines: string[]) => string[]): void {
  const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
  writeFileSync(path, edit(lines).map((l) => `${l}\n`).join(''));
}
