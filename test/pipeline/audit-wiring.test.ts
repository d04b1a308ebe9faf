import t from 'tap';
import { rmSync } from 'node:fs';
import { AuditLog, readAuditRecords } from '../../src/audit/index.js';
import { auditDetections } from '../../src/pipeline/audit-wiring.js';
import type { Detection } from '../../src/rules/index.js';
import { auditDir } from '../helpers/audit.js';

const detection: Detection = { id: 'd1', ruleId: 'r', title: 't', severity: 'low', score: 1, tags: [], actions: [], message: 'm', kind: 'single', group: { 'session.id': 's1' }, timeMs: 0, events: [] };

t.test('a detection that cannot be written is reported, never thrown into the pipeline', async (t) => {
  const options = auditDir();
  const log = AuditLog.open(options);
  rmSync(options.dir, { recursive: true, force: true });
  const errors: Error[] = [];
  t.doesNotThrow(() => auditDetections(log, (e) => errors.push(e))([detection], []));
  t.match(errors.map((e) => (e as NodeJS.ErrnoException).code), ['ENOENT']);
});

t.test('a written detection names its rule and session', async (t) => {
  const options = auditDir();
  const log = AuditLog.open(options);
  auditDetections(log, () => undefined)([detection], []);
  log.close();
  t.match([...readAuditRecords(options.dir)], [{ seq: 1, kind: 'detection', actor: 'engine', rule: 'r', session: 's1', detection: 'd1', message: 'm' }]);
});
