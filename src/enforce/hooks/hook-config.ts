/**
 * The hook configuration `vigil hooks install` writes for each agent (shared/AGENT-HOOKS.md): the
 * settings file under a home directory, and the entries merged into it. The hook itself is a
 * shell one-liner: curl posts the agent's payload to Vigil and prints the answer; when Vigil
 * cannot answer in time, it prints the agent's deny (fail-closed) or nothing (fail-open).
 */

/** How the hook reaches Vigil and what it does when it cannot. */
export interface HookSettings {
  /** Vigil's OTLP/HTTP base URL, e.g. http://127.0.0.1:4318. */
  readonly url: string;
  readonly failOpen: boolean;
  /** The agent's own hook timeout, seconds; curl gives up a second earlier so the shim decides. */
  readonly timeoutSeconds: number;
}

/** One agent's hook file and how Vigil's entries go into it. */
export interface HookTarget {
  /** The file, relative to the home directory. */
  readonly file: string;
  /** The settings object with Vigil's entries added (existing entries kept). */
  merge(settings: Record<string, unknown>, hook: HookSettings): Record<string, unknown>;
}

type Json = Record<string, unknown>;
const REASON = 'Vigil could not be reached; blocked by policy (fail-closed)';
const q = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** The one-liner: the agent's payload on stdin to /v1/hooks/<agent>, the agent's deny on failure. */
export function hookCommand(agent: string, hook: HookSettings, failure: string): string {
  const maxTime = Math.max(1, hook.timeoutSeconds - 1);
  const post = `curl -sSf --max-time ${maxTime} -H 'content-type: application/json' --data-binary @- ${q(`${hook.url}/v1/hooks/${agent}`)}`;
  return hook.failOpen ? `${post} || true` : `${post} || ${failure}`;
}

/** Whether a hook entry (at any depth) is one Vigil installed for this agent. */
export function isVigilEntry(entry: unknown, agent: string): boolean {
  return JSON.stringify(entry ?? null).includes(`/v1/hooks/${agent}`);
}

const echo = (json: unknown): string => `echo ${q(JSON.stringify(json))}`;

/** Appends Vigil's entry to `settings.hooks[event]`, replacing an earlier Vigil entry, keeping the rest. */
function addEntries(settings: Json, agent: string, entries: Record<string, unknown>, extra: Json = {}): Json {
  const hooks = { ...((settings.hooks as Json | undefined) ?? {}) };
  for (const [event, entry] of Object.entries(entries)) {
    const list = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    hooks[event] = [...list.filter((e) => !isVigilEntry(e, agent)), entry];
  }
  return { ...settings, ...extra, hooks };
}

/** Removes Vigil's entries for the agent (and event lists left empty); everything else is kept. */
export function removeEntries(settings: Json, agent: string): Json {
  const hooks = settings.hooks as Json | undefined;
  if (hooks === undefined || typeof hooks !== 'object') return settings;
  const kept: Json = {};
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) {
      kept[event] = list;
      continue;
    }
    const rest = list.filter((e) => !isVigilEntry(e, agent));
    if (rest.length > 0) kept[event] = rest;
  }
  return { ...settings, hooks: kept };
}

/** The events Vigil's entries sit under in a settings object. */
export function installedEvents(settings: Json, agent: string): string[] {
  const hooks = (settings.hooks as Json | undefined) ?? {};
  return Object.entries(hooks)
    .filter(([, list]) => Array.isArray(list) && list.some((e) => isVigilEntry(e, agent)))
    .map(([event]) => event);
}

/** Every agent's target. */
export const HOOK_TARGETS: Readonly<Record<string, HookTarget>> = {
  'claude-code': {
    file: '.claude/settings.json',
    // Exit 2 blocks the call and hands stderr to Claude; any other failure would let it through.
    merge: (s, h) => addEntries(s, 'claude-code', { PreToolUse: { matcher: '*', hooks: [{ type: 'command', command: hookCommand('claude-code', h, `{ echo ${q(REASON)} >&2; exit 2; }`), timeout: h.timeoutSeconds }] } }),
  },
  codex: {
    file: '.codex/hooks.json',
    merge: (s, h) =>
      addEntries(s, 'codex', {
        PreToolUse: { matcher: '*', hooks: [{ type: 'command', command: hookCommand('codex', h, echo({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: REASON } })), timeout: h.timeoutSeconds, statusMessage: 'Vigil policy check' }] },
      }),
  },
  'gemini-cli': {
    file: '.gemini/settings.json',
    // Gemini's hook timeout is in milliseconds.
    merge: (s, h) => addEntries(s, 'gemini-cli', { BeforeTool: { matcher: '.*', hooks: [{ name: 'vigil', type: 'command', command: hookCommand('gemini-cli', h, echo({ decision: 'deny', reason: REASON })), timeout: h.timeoutSeconds * 1000 }] } }),
  },
  'copilot-cli': {
    file: '.copilot/hooks/vigil.json',
    merge: (s, h) => addEntries(s, 'copilot-cli', { preToolUse: { type: 'command', bash: hookCommand('copilot-cli', h, echo({ permissionDecision: 'deny', permissionDecisionReason: REASON })), timeoutSec: h.timeoutSeconds } }, { version: 1 }),
  },
  cursor: {
    file: '.cursor/hooks.json',
    merge: (s, h) => {
      const entry = { command: hookCommand('cursor', h, echo({ permission: 'deny', user_message: REASON, agent_message: REASON })), timeout: h.timeoutSeconds, failClosed: !h.failOpen };
      return addEntries(s, 'cursor', { preToolUse: entry, beforeShellExecution: entry, beforeMCPExecution: entry, beforeReadFile: entry }, { version: 1 });
    },
  },
};
