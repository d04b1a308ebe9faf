import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { inside } from './paths.js';

/** Fixed seed and bounded runs: every fuzz test repeats exactly and stays fast (FUZZ_RUNS raises it for a long run). */
export const FUZZ = { seed: Number(process.env.FUZZ_SEED ?? 20261202), numRuns: Number(process.env.FUZZ_RUNS ?? 0) || undefined } as const;

/** fast-check parameters of one property: the fixed seed and `runs` unless FUZZ_RUNS overrides it. */
export const fuzzParams = (runs: number): fc.Parameters<unknown> => ({ seed: FUZZ.seed, numRuns: FUZZ.numRuns ?? runs, endOnFailure: true });

const SESSIONS = join(import.meta.dirname, '..', 'fixtures', 'sessions');

/** The documents of one recording: one JSON document per file, or one per line (as `vigil replay` reads them). */
function documentsOf(text: string): unknown[] {
  try {
    return [JSON.parse(text)];
  } catch {
    return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
  }
}

/** The OTLP/JSON session fixtures (traces and logs), parsed. */
export const sessionDocuments: readonly unknown[] = readdirSync(SESSIONS)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .flatMap((f) => documentsOf(readFileSync(join(SESSIONS, f), 'utf8')));

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (path.length > 0) out.push(path);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

/** A value of any JSON type, small, including the keys that pollute prototypes. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 64, '', 'x', '-1', 'NaN', 'zz', '__proto__', [], {}),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'key', 'value', '__proto__', 'constructor', 'stringValue'), fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxKeys: 3 }),
);

/** A session document with one field changed to another value, or removed. */
export const mutatedSession: fc.Arbitrary<{ doc: Record<string, unknown>; where: string }> = fc
  .tuple(fc.nat(sessionDocuments.length - 1), fc.nat(), anyJson, fc.boolean())
  .map(([which, at, value, remove]) => {
    const doc = structuredClone(sessionDocuments[which]) as Record<string, unknown>;
    const paths = pathsOf(doc);
    const path = paths[at % paths.length]!;
    let parent = doc as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (remove && !Array.isArray(parent)) delete parent[last];
    else parent[last] = value;
    const where = `${path.join('.')} ${remove ? 'removed' : `= ${JSON.stringify(value)}`}`;
    // A counterexample is reported by the field changed, not as the whole document.
    return { doc, where, [fc.toStringMethod]: () => where };
  });

/** A gateway with the shipped rules on an ephemeral loopback port, for posting hostile bodies to. */
export async function fuzzGateway(alertsDir: string): Promise<Gateway> {
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } },
    admin: { enabled: false },
    rules: { paths: [join(import.meta.dirname, '..', '..', 'rules.d')], watch: false },
    alerts: { file: { path: join(alertsDir, 'detections.jsonl') } },
    audit: { dir: join(alertsDir, 'audit'), key_path: join(alertsDir, 'audit.key'), public_key_path: join(alertsDir, 'audit.pub') },
    logging: { level: 'silent' },
  });
  return Gateway.start(config, { resolvePath: inside(alertsDir), processMetrics: false });
}
