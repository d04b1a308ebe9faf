// Ingest with the security features on and off: API-key authentication and the audit trail, each
// against the same gateway with both off (shipped rules, OTLP/HTTP protobuf, bounded in time).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, loadServer, VIGIL_NODE_FLAGS } from './gateway.mjs';

const KEY = 'bench-api-key-0123456789';

function configFile(dir, port, rulesDir, withAuth, withAudit) {
  const path = join(dir, `config-${port}.yaml`);
  const tenants = withAuth ? `[{ id: bench, key_sha256: ${createHash('sha256').update(KEY).digest('hex')} }]` : '[]';
  writeFileSync(path, [
    'receivers:', '  otlp:', `    http: { port: ${port} }`, '    grpc: { enabled: false }', `    auth: { tenants: ${tenants} }`,
    'admin: { enabled: false }',
    `rules: { paths: [${JSON.stringify(rulesDir)}], watch: false }`,
    `alerts: { file: { path: ${JSON.stringify(join(dir, `detections-${port}.jsonl`))} } }`,
    `audit: { enabled: ${withAudit}, dir: ${JSON.stringify(join(dir, `audit-${port}`))} }`,
    'logging: { level: warn }',
  ].join('\n'));
  return path;
}

/** Rows: both off, auth on, audit on, both on. */
export async function benchSecurity(payloads, spansPerRequest, rulesDir, options) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-security-'));
  const rows = [];
  for (const [name, withAuth, withAudit] of [['auth off, audit off', false, false], ['auth on, audit off', true, false], ['auth off, audit on', false, true], ['auth on, audit on', true, true]]) {
    const port = await freePort();
    const args = [...VIGIL_NODE_FLAGS, 'dist/cli/main.js', 'serve', '--config', configFile(dir, port, rulesDir, withAuth, withAudit)];
    rows.push(await loadServer(name, args, port, payloads, spansPerRequest, { ...options, headers: withAuth ? { authorization: `Bearer ${KEY}` } : {} }));
  }
  return rows;
}
