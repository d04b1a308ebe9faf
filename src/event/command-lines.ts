import { parseCommandLine, shellJoin, type ParsedLine, type PipeEdge, type ShellCommand } from '../shell/index.js';
import type { FieldValue } from './any-value.js';
import type { AgentEvent } from './model.js';

// What tool runners print before the command they run: `Executing: …`, `+ …`, `$ …`, `Running command: …`.
const LOG_PREFIX = /^\s*(?:[+$>#]\s+|(?:[A-Za-z][\w ]{0,30}?:)\s+)/;
const COMMAND_KEYS = ['command', 'cmd', 'script', 'code', 'shell_command', 'bash_command'];
// Tools whose bare or positional arguments are a command or code (shells, REPLs, notebooks, runners).
const CODE_TOOL = /shell|bash|zsh|terminal|exec|command|cmd|powershell|pwsh|subprocess|console|python|repl|interpreter|jupyter|notebook|run|script|eval/i;

const asCommand = (value: FieldValue): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? shellJoin(value as string[]) : undefined;

function parseJson(text: string): FieldValue {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.parse(trimmed) as FieldValue;
  } catch {
    return text;
  }
}

// The command of a tool call's arguments: a command key, positional `args`, or the bare string.
function fromArguments(args: FieldValue, out: string[]): void {
  const parsed = typeof args === 'string' ? parseJson(args) : args;
  if (typeof parsed === 'string') {
    out.push(parsed);
    return;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return;
  const record = parsed as { readonly [key: string]: FieldValue };
  for (const key of COMMAND_KEYS) {
    const command = asCommand(record[key]);
    if (command !== undefined) {
      out.push(command);
      return;
    }
  }
  const positional = record.args;
  if (Array.isArray(positional)) for (const item of positional) if (typeof item === 'string') out.push(item);
}

// Tool calls inside a model's answer logged as a structure: every `arguments` value.
function fromToolCalls(body: FieldValue, out: string[], depth = 0): void {
  if (body === null || typeof body !== 'object' || depth > 8) return;
  if (Array.isArray(body)) {
    for (const item of body) fromToolCalls(item, out, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(body as { readonly [key: string]: FieldValue })) {
    if (key === 'arguments') fromArguments(value, out);
    else fromToolCalls(value, out, depth + 1);
  }
}

/**
 * The command lines an event carries, for the shell parser: the normalized `command` (process
 * command lines, shell tool arguments, Codex argv arrays); else a tool runner's log line, or the
 * tool calls of a logged model answer; else a tool's positional arguments. Chat messages and
 * prompts are not commands.
 */
export function commandLines(event: AgentEvent): string[] {
  const command = event.normalizedField('command');
  if (typeof command === 'string' && command !== '') return [command];
  const out: string[] = [];
  if (event.signal === 'log') {
    const body = event.body;
    if (typeof body === 'string') {
      const chat = event.eventName.startsWith('gen_ai.') || event.normalizedField('prompt') != null || event.normalizedField('completion') != null;
      if (!chat && body !== '') out.push(body.replace(LOG_PREFIX, ''));
    } else {
      fromToolCalls(body, out);
    }
    return out;
  }
  const args = event.normalizedField('tool.args');
  const tool = `${event.normalizedField('tool.name') ?? ''} ${event.attribute('traceloop.entity.name') ?? ''}`;
  if (args != null && event.normalizedField('operation') === 'execute_tool' && CODE_TOOL.test(tool)) fromArguments(args, out);
  return out;
}

const NONE: ParsedLine = Object.freeze({ commands: [], pipes: [] });

/** The event's command lines parsed into one structure (pipe indices offset into the joined list). */
export function parseCommands(event: AgentEvent): ParsedLine {
  const lines = commandLines(event);
  if (lines.length === 0) return NONE;
  if (lines.length === 1) return parseCommandLine(lines[0]);
  const commands: ShellCommand[] = [];
  const pipes: PipeEdge[] = [];
  let fallback: ParsedLine['fallback'];
  for (const line of lines) {
    const parsed = parseCommandLine(line);
    const offset = commands.length;
    commands.push(...parsed.commands);
    for (const p of parsed.pipes) pipes.push({ ...p, source_index: p.source_index + offset, sink_index: p.sink_index + offset });
    fallback ??= parsed.fallback;
  }
  return { commands, pipes, ...(fallback && { fallback }) };
}
