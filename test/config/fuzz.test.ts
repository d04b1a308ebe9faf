import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { configFromObject, loadConfig } from '../../src/config/index.js';
import { VigilError } from '../../src/errors.js';
import { anyJson, fuzzParams } from '../helpers/fuzz.js';

const SHIPPED = readFileSync(new URL('../../config.yaml', import.meta.url), 'utf8');
const shipped = parseDocument(SHIPPED).toJS() as Record<string, unknown>;
const pathsOf = (value: unknown, path: string[] = []): string[][] =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? [path, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k]))] : [path];
const PATHS = pathsOf(shipped).filter((p) => p.length > 0);

let refused = 0;
/** Loads or refuses with VGL_CONFIG_INVALID naming a key path; anything else (a throw of another kind) fails the property. */
function loadsOrRefuses(raw: unknown): boolean {
  try {
    configFromObject(raw, {});
    return true;
  } catch (err) {
    refused++;
    return err instanceof VigilError && err.code === 'VGL_CONFIG_INVALID' && err.message.includes('config: /');
  }
}

t.test('the shipped config with one value changed (or a key added) loads or names the key; never throws otherwise', async (t) => {
  fc.assert(
    fc.property(fc.nat(PATHS.length - 1), anyJson, fc.constantFrom('', '__proto__', 'constructor', 'extra'), (at, value, added) => {
      const raw = structuredClone(shipped);
      const path = PATHS[at]!;
      let parent = raw as Record<string, unknown>;
      for (const step of path.slice(0, -1)) parent = parent[step] as Record<string, unknown>;
      if (added === '') parent[path[path.length - 1]!] = value;
      else Object.defineProperty(parent, added, { value, enumerable: true, configurable: true, writable: true });
      return loadsOrRefuses(raw);
    }),
    fuzzParams(600),
  );
  t.ok(refused > 0, `${refused} changed configurations refused with the key path`);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test('YAML with __proto__ / constructor keys is refused by name and pollutes nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  for (const key of ['__proto__', 'constructor']) {
    const path = join(dir, `${key}.yaml`);
    writeFileSync(path, `${key}:\n  polluted: 1\nrules:\n  ${key}:\n    polluted: 1\n`);
    t.throws(() => loadConfig(path, {}), { code: 'VGL_CONFIG_INVALID', message: `configuration is invalid:\n  ${path}: /${key}: Unexpected property\n  ${path}: /rules/${key}: Unexpected property` });
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test('arbitrary YAML text loads or is refused with a message', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  const path = join(dir, 'config.yaml');
  fc.assert(
    fc.property(fc.nat(SHIPPED.length), fc.nat(30), fc.string({ maxLength: 12 }), (at, cut, insert) => {
      writeFileSync(path, SHIPPED.slice(0, at) + insert + SHIPPED.slice(at + cut));
      try {
        loadConfig(path, {});
        return true;
      } catch (err) {
        return err instanceof VigilError && err.code === 'VGL_CONFIG_INVALID' && err.message.length > 0;
      }
    }),
    fuzzParams(300),
  );
  t.pass('every damaged file loaded or was refused with VGL_CONFIG_INVALID');
});
