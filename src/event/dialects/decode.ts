import { fieldToText, keyValuesToObject, type FieldValue } from '../any-value.js';
import type { KeyValue, Span } from '../otlp-shape.js';

type Record_ = { readonly [key: string]: FieldValue };

const PLACEHOLDERS = new Set(['<REDACTED>', '[REDACTED]', 'REDACTED', '<redacted>', '[redacted]', '{}', '[]']);

/** Values products write when content capture is off: absent values, not values. */
export function isPlaceholder(value: FieldValue): boolean {
  if (typeof value === 'string') return PLACEHOLDERS.has(value.trim()) || value.startsWith('[Scrubbed');
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** A JSON string read as what it encodes (objects and arrays only); anything else as it is. */
export function parseJson(value: FieldValue): FieldValue {
  if (typeof value !== 'string') return value;
  const c = value.trimStart()[0];
  if (c !== '{' && c !== '[') return value;
  try {
    return JSON.parse(value) as FieldValue;
  } catch {
    return value;
  }
}

/** The value as an object (a JSON string decoded), else undefined. */
export function asRecord(value: FieldValue): Record_ | undefined {
  const parsed = parseJson(value);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record_) : undefined;
}

const SHELLS = /^(?:.*\/)?(?:ba|z|da|k|c|tc|fi)?sh$|^(?:.*\/)?(?:pwsh|powershell)(?:\.exe)?$/;
const SCRIPT_FLAG = /^-[a-z]*c$|^-command$/i;

/**
 * A command given as an argv array or a string. `["bash","-lc","<script>"]` is the script (the
 * real command hides in the last element); any other argv is joined with spaces.
 */
export function commandOf(value: FieldValue): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const argv = value.map((v) => fieldToText(v) ?? '');
  if (argv.length >= 3 && SHELLS.test(argv[0]) && SCRIPT_FLAG.test(argv[argv.length - 2])) return argv[argv.length - 1];
  return argv.join(' ');
}

const PATCH_FILE = /^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm;

/** Every path an apply_patch body (`*** Begin Patch` … `*** Add File: <path>`) touches, in order. */
export function patchPaths(text: string): string[] {
  const paths: string[] = [];
  for (const match of text.matchAll(PATCH_FILE)) {
    const path = (match[1] ?? match[2]).trim();
    if (path !== '' && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

const EXIT_TEXT = /(?:Process exited with code|Exit code:?|exit status) (-?\d+)/i;

/** The exit code a tool's output reports: JSON `metadata.exit_code` / `exit_code`, or the text forms. */
export function exitCodeOf(output: FieldValue): number | undefined {
  const record = asRecord(output);
  if (record !== undefined) {
    const meta = asRecord(record.metadata);
    const code = meta?.exit_code ?? record.exit_code ?? record.exitCode;
    if (typeof code === 'number') return code;
    if (typeof record.output === 'string') return exitCodeOf(record.output);
    return undefined;
  }
  const match = typeof output === 'string' ? EXIT_TEXT.exec(output) : null;
  return match ? Number(match[1]) : undefined;
}

/** What a semantic-conventions message list (`gen_ai.input.messages` and kin) holds. */
export interface MessageContent {
  /** Text of text/reasoning parts (and plain `content` strings), in order. */
  readonly texts: string[];
  readonly toolCalls: { readonly name?: string; readonly arguments: FieldValue }[];
  readonly toolResponses: FieldValue[];
}

/** Reads `[{role, parts:[…]}]`, `[{type:"text", content}]` (system instructions) or older `{role, content}` lists. */
export function messageContent(value: FieldValue): MessageContent | undefined {
  const parsed = parseJson(value);
  if (!Array.isArray(parsed)) return undefined;
  const out: MessageContent = { texts: [], toolCalls: [], toolResponses: [] };
  for (const message of parsed) {
    const m = asRecord(message);
    if (m === undefined) continue;
    if (Array.isArray(m.parts)) for (const part of m.parts) readPart(asRecord(part), out);
    else readPart(m, out);
  }
  return out;
}

function readPart(part: Record_ | undefined, out: MessageContent): void {
  if (part === undefined) return;
  const type = part.type;
  if (type === 'tool_call' || type === 'function_call') {
    out.toolCalls.push({ name: typeof part.name === 'string' ? part.name : undefined, arguments: part.arguments });
  } else if (type === 'tool_call_response' || type === 'function_call_response') {
    out.toolResponses.push(part.response ?? part.result);
  } else {
    const text = part.content ?? part.text;
    if (typeof text === 'string' && text !== '') out.texts.push(text);
  }
}

/** A span event as dialects read it. */
export interface SpanEventView {
  readonly name: string;
  readonly attributes: Record_;
}

/** The span's events with their attributes as plain values (span events carry content in several dialects). */
export function spanEvents(span: Span | undefined): SpanEventView[] {
  const events = span?.events as { name?: string; attributes?: KeyValue[] }[] | undefined;
  if (events === undefined || events.length === 0) return [];
  return events.map((e) => ({ name: e.name ?? '', attributes: keyValuesToObject(e.attributes ?? []) }));
}
