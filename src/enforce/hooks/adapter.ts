import type { PlainValue } from '../../rules/index.js';
import type { ProposedAction } from '../check-event.js';
import type { Verdict } from '../decision.js';

/** What a hook endpoint answers: a verdict to pass on, or no opinion (the agent's own permission flow decides). */
export type HookVerdict = Verdict | 'no-opinion';

/**
 * One agent's hook protocol (shared/AGENT-HOOKS.md): its payload as a proposed action, and a
 * verdict in the shape the agent reads. `action` returns undefined for events Vigil does not judge.
 */
export interface HookAdapter {
  /** The path segment: `/v1/hooks/<name>`. */
  readonly name: string;
  action(payload: Record<string, unknown>): ProposedAction | undefined;
  /** The body to answer with (undefined: an empty 200, "no output"). */
  answer(verdict: HookVerdict, payload: Record<string, unknown>): unknown;
}

const SHELL_TOOLS = new Set(['bash', 'shell', 'run_shell_command', 'powershell', 'exec_command', 'local_shell']);
const FILE_KEYS = ['file_path', 'path', 'filePath', 'notebook_path'];
const URL_KEYS = ['url'];

/** A tool input as an object (some agents send it as a JSON string). */
export function inputObject(input: unknown): Record<string, unknown> {
  if (typeof input === 'string') {
    try {
      const parsed: unknown = JSON.parse(input);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: input };
    } catch {
      return { value: input };
    }
  }
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** What a hook payload says about one tool call. */
export interface ToolCall {
  readonly agent: string;
  readonly session?: string;
  readonly user?: string;
  readonly tool: string;
  readonly input: Record<string, unknown>;
  readonly callId?: string;
  readonly cwd?: string;
  /** The shell command, when the event itself is a command (Cursor's beforeShellExecution). */
  readonly command?: string;
}

/**
 * The attributes the tool call's span would carry (GenAI conventions, plus the general command,
 * file and URL keys the rules read), so a check sees what ingest would see.
 */
export function toolCallAction(call: ToolCall): ProposedAction {
  const attributes: Record<string, PlainValue> = {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': call.tool,
    'gen_ai.tool.call.arguments': JSON.stringify(call.input),
    'gen_ai.agent.name': call.agent,
  };
  if (call.session) attributes['gen_ai.conversation.id'] = call.session;
  if (call.user) attributes['user.id'] = call.user;
  if (call.callId) attributes['gen_ai.tool.call.id'] = call.callId;
  if (call.cwd) attributes['process.working_directory'] = call.cwd;
  const command = call.command ?? (SHELL_TOOLS.has(call.tool.toLowerCase()) ? str(call.input.command) : undefined);
  if (command) attributes['process.command_line'] = command;
  for (const key of FILE_KEYS) if (str(call.input[key])) attributes['file.path'] ??= call.input[key] as string;
  for (const key of URL_KEYS) if (str(call.input[key])) attributes['url.full'] ??= call.input[key] as string;
  return { attributes, resource: { 'service.name': call.agent } };
}

/** One line for the agent: the model-facing message, else the user-facing one. */
export function reasonText(verdict: Verdict): string {
  return verdict.model_message || verdict.user_message || `Vigil decision ${verdict.id}`;
}

