import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { HOOK_TARGETS, installedEvents, removeEntries, type HookTarget } from '../enforce/hooks/hook-config.js';
import { VigilError } from '../errors.js';
import { commandConfig } from './config-path.js';

type Flags = Record<string, string | boolean | undefined>;

function target(agent: string | undefined): [string, HookTarget] {
  const found = agent === undefined ? undefined : HOOK_TARGETS[agent];
  if (agent === undefined || found === undefined) throw new VigilError('VGL_COMMAND_FAILED', `name an agent: ${Object.keys(HOOK_TARGETS).join(', ')}`);
  return [agent, found];
}

function settingsPath(flags: Flags, file: string): string {
  if (typeof flags.file === 'string') return flags.file;
  return join(typeof flags.home === 'string' ? flags.home : homedir(), file);
}

function read(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') return {};
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new VigilError('VGL_COMMAND_FAILED', `${path} does not hold a JSON object; not touching it`);
  return parsed as Record<string, unknown>;
}

// Written beside and renamed over: an agent never reads a half-written file.
function write(path: string, settings: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.vigil-tmp`;
  writeFileSync(temp, JSON.stringify(settings, null, 2) + '\n');
  renameSync(temp, path);
}

function vigilUrl(flags: Flags): string {
  if (typeof flags.url === 'string') return flags.url.replace(/\/+$/, '');
  const { http } = commandConfig(flags).config.receivers.otlp;
  const host = http.host === '0.0.0.0' || http.host === '::' ? '127.0.0.1' : http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${http.port}`;
}

/** `vigil hooks install AGENT`: merges Vigil's pre-tool hook into the agent's settings; running it again changes nothing. */
export async function install(flags: Flags, agents: string[]): Promise<number> {
  process.stdout.write(installHook(flags, agents));
  return 0;
}

/** What `vigil hooks install` does, returning its report. */
export function installHook(flags: Flags, [agent]: string[]): string {
  const [name, hook] = target(agent);
  const path = settingsPath(flags, hook.file);
  const timeoutSeconds = typeof flags.timeout === 'string' ? Number(flags.timeout) : 10;
  if (!(timeoutSeconds >= 2)) throw new VigilError('VGL_COMMAND_FAILED', '--timeout is whole seconds, at least 2');
  const before = read(path);
  const after = hook.merge(before, { url: vigilUrl(flags), failOpen: flags['fail-open'] === true, timeoutSeconds });
  const changed = JSON.stringify(before) !== JSON.stringify(after);
  if (changed) write(path, after);
  return `${name}: ${changed ? 'installed in' : 'already installed in'} ${path}\n`;
}

/** `vigil hooks uninstall AGENT`: removes only Vigil's entries. */
export async function uninstall(flags: Flags, agents: string[]): Promise<number> {
  process.stdout.write(uninstallHook(flags, agents));
  return 0;
}

/** What `vigil hooks uninstall` does, returning its report. */
export function uninstallHook(flags: Flags, [agent]: string[]): string {
  const [name, hook] = target(agent);
  const path = settingsPath(flags, hook.file);
  const before = read(path);
  if (installedEvents(before, name).length === 0) return `${name}: not installed in ${path}\n`;
  write(path, removeEntries(before, name));
  return `${name}: removed from ${path}\n`;
}

/** `vigil hooks status [AGENT]`: where Vigil's hook is installed; exit 1 when a named agent has none. */
export async function status(flags: Flags, agents: string[]): Promise<number> {
  const { report, missing } = hookStatus(flags, agents);
  process.stdout.write(report);
  return agents.length > 0 && missing > 0 ? 1 : 0;
}

/** What `vigil hooks status` reports, and how many agents have no hook. */
export function hookStatus(flags: Flags, agents: string[]): { report: string; missing: number } {
  const names = agents.length > 0 ? agents.map((a) => target(a)[0]) : Object.keys(HOOK_TARGETS);
  let missing = 0;
  let report = '';
  for (const name of names) {
    const path = settingsPath(flags, HOOK_TARGETS[name].file);
    const events = installedEvents(read(path), name);
    if (events.length === 0) missing++;
    report += `${name}: ${events.length > 0 ? `installed (${events.join(', ')})` : 'not installed'} in ${path}\n`;
  }
  return { report, missing };
}
