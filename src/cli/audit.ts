import { parseDuration } from '../config/index.js';
import { matchesQuery, readAuditRecords, readPublicKey, verifyAuditTrail, type AuditQuery } from '../audit/index.js';
import { commandConfig } from './config-path.js';

type Flags = Record<string, string | boolean | undefined>;
const text = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** The trail directory and the public key: the positional DIR / --key, else the configuration's. */
function trailOf(flags: Flags, dir: string | undefined): { dir: string; keyPath: string } {
  const { config, resolvePath } = commandConfig(flags);
  return { dir: dir ?? resolvePath(config.audit.dir), keyPath: text(flags.key) ?? resolvePath(config.audit.public_key_path) };
}

/** `vigil audit verify [DIR]`: OK and exit 0, or every problem and exit 1. */
export async function verify(flags: Flags, [dir]: string[]): Promise<number> {
  const trail = trailOf(flags, dir);
  let key;
  try {
    key = readPublicKey(trail.keyPath);
  } catch (err) {
    process.stderr.write(`FAIL: cannot read the public key ${trail.keyPath}: ${(err as Error).message}\n`);
    return 1;
  }
  const report = verifyAuditTrail(trail.dir, key);
  const summary = `${report.segments} segments, ${report.sealed} sealed, ${report.records} records`;
  if (report.ok) {
    process.stdout.write(`OK: ${summary}${report.notes.map((n) => `; ${n}`).join('')}\n`);
    return 0;
  }
  process.stdout.write(`FAIL: ${report.problems.length} problems in ${trail.dir} (${summary})\n${report.problems.map((p) => `  ${p}\n`).join('')}`);
  return 1;
}

/** An ISO time, or a duration meaning that long ago. */
function timeOf(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ago = parseDuration(value);
  const at = ago !== undefined ? Date.now() - ago : Date.parse(value);
  if (Number.isNaN(at)) throw new Error(`--${name} ${value}: expected an ISO time or a duration such as 1h`);
  return at;
}

/** `vigil audit query`: every matching record as a JSON line, oldest first. */
export async function query(flags: Flags, [dir]: string[]): Promise<number> {
  const trail = trailOf(flags, dir);
  const filter: AuditQuery = {
    sinceMs: timeOf('since', text(flags.since)),
    untilMs: timeOf('until', text(flags.until)),
    session: text(flags.session),
    rule: text(flags.rule),
    actor: text(flags.actor),
  };
  for (const record of readAuditRecords(trail.dir)) if (matchesQuery(record, filter)) process.stdout.write(JSON.stringify(record) + '\n');
  return 0;
}
