/** Agent hook protocols, by the name in `/v1/hooks/<name>` and `vigil hooks install <name>`. */
import type { HookAdapter } from './adapter.js';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { copilotCli } from './copilot-cli.js';
import { cursor } from './cursor.js';
import { geminiCli } from './gemini-cli.js';

export type { HookAdapter, HookVerdict } from './adapter.js';

/** Every supported agent's adapter. */
export const HOOK_ADAPTERS: ReadonlyMap<string, HookAdapter> = new Map([claudeCode, codex, geminiCli, copilotCli, cursor].map((a) => [a.name, a]));
