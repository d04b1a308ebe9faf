import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { isPair, isScalar, parseDocument, visit, type Document } from 'yaml';
import { VigilError } from '../errors.js';
import { ConfigSchema, type VigilConfig } from './schema.js';

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** `${NAME}` and `${NAME:-fallback}` in every string value, so secrets stay out of the file. */
function substituteEnv(value: unknown, path: string, env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REFERENCE, (_match, name: string, fallback: string | undefined) => {
      const found = env[name] ?? fallback;
      if (found === undefined) problems.push(`${path || '/'}: environment variable ${name} is not set`);
      return found ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteEnv(item, `${path}/${i}`, env, problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, `${path}/${k}`, env, problems)]));
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Validates a parsed document, fills the defaults and freezes it; lists every problem at once. */
export function configFromObject(raw: unknown, env: NodeJS.ProcessEnv = process.env, origin = 'config'): VigilConfig {
  const problems: string[] = [];
  const substituted = substituteEnv(raw ?? {}, '', env, problems);
  const withDefaults = Value.Default(ConfigSchema, Value.Clone(substituted));
  for (const error of Value.Errors(ConfigSchema, withDefaults)) problems.push(`${error.path || '/'}: ${error.message}`);
  if (problems.length > 0) throw new VigilError('VGL_CONFIG_INVALID', problems.map((p) => `  ${origin}: ${p}`).join('\n'));
  return deepFreeze(withDefaults as VigilConfig);
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// toJS() turns a `__proto__` key into the object's prototype, out of the schema's sight: such keys are refused by name first.
function forbiddenKeys(document: Document): string[] {
  const problems: string[] = [];
  visit(document, {
    Pair(_key, pair, ancestors) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!FORBIDDEN_KEYS.has(name)) return;
      const parents = ancestors.filter(isPair).map((p) => (isScalar(p.key) ? String(p.key.value) : '?'));
      problems.push(`/${[...parents, name].join('/')}: Unexpected property`);
    },
  });
  return problems;
}

/** Reads, validates and freezes a config.yaml. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): VigilConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new VigilError('VGL_CONFIG_INVALID', `  ${path}: cannot read: ${(err as Error).message}`);
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new VigilError('VGL_CONFIG_INVALID', document.errors.map((e) => `  ${path}: ${e.message}`).join('\n'));
  }
  const forbidden = forbiddenKeys(document);
  if (forbidden.length > 0) throw new VigilError('VGL_CONFIG_INVALID', forbidden.map((p) => `  ${path}: ${p}`).join('\n'));
  return configFromObject(document.toJS(), env, path);
}
