import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type VigilConfig } from '../config/index.js';

/** The configuration file a command uses, and the directory its relative paths start from. */
export interface CommandConfig {
  readonly config: VigilConfig;
  /** Resolves a path from the configuration against the configuration file's directory. */
  readonly resolvePath: (path: string) => string;
}

// The package's own config.yaml: `vigil` run from any directory still has its defaults and rules.
const PACKAGE_CONFIG = resolve(dirname(fileURLToPath(import.meta.url)), '../../config.yaml');

/** --config, else $VIGIL_CONFIG, else ./config.yaml, else the package's config.yaml. */
export function commandConfig(flags: Record<string, string | boolean | undefined>): CommandConfig {
  const named = typeof flags.config === 'string' ? flags.config : process.env.VIGIL_CONFIG;
  const path = resolve(named ?? (existsSync('config.yaml') ? 'config.yaml' : PACKAGE_CONFIG));
  const base = dirname(path);
  return { config: loadConfig(path), resolvePath: (p) => resolve(base, p) };
}
