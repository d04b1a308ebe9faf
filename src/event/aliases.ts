/**
 * The alias table: which attribute of which convention feeds each normalized field. For every
 * field the sources are tried in order and the first one present wins, so GenAI semantic
 * conventions come first, then OpenInference / OpenLLMetry, then the general conventions.
 * README.md documents this table; test/event/aliases.test.ts checks it per convention.
 */

/** The normalized vocabulary rules read without caring which framework produced the event. */
export const NORMALIZED_FIELDS = [
  'operation',
  'tool.name',
  'tool.args',
  'tool.result',
  'command',
  'file.path',
  'url',
  'url.host',
  'http.method',
  'http.status_code',
  'db.query',
  'process.exit_code',
  'session.id',
  'agent.id',
  'agent.name',
  'user.id',
  'tokens.input',
  'tokens.output',
  'model',
  'prompt',
  'completion',
  'document',
  'error.code',
  'message.recipient',
  'cloud.operation',
  'dialect',
] as const;

/** One normalized field's name. */
export type NormalizedField = (typeof NORMALIZED_FIELDS)[number];

/** Fields that hold numbers; every other normalized field holds text. */
export const NUMERIC_FIELDS: ReadonlySet<NormalizedField> = new Set<NormalizedField>([
  'http.status_code',
  'process.exit_code',
  'tokens.input',
  'tokens.output',
]);

/** Where a source attribute lives. */
export type SourceScope = 'span' | 'resource';

/** One source of a normalized field. */
export interface AliasSource {
  readonly key: string;
  readonly convention: 'genai' | 'openinference' | 'openllmetry' | 'general';
  readonly scope?: SourceScope;
  /** A conventions message list: decoded into text, tool calls and tool results (dialects/messages.ts). */
  readonly messages?: 'input' | 'output';
}

const genai = (key: string): AliasSource => ({ key, convention: 'genai' });
const openinference = (key: string): AliasSource => ({ key, convention: 'openinference' });
const openllmetry = (key: string): AliasSource => ({ key, convention: 'openllmetry' });
const general = (key: string): AliasSource => ({ key, convention: 'general' });

/** Normalized field → attribute sources, in priority order. */
export const ALIASES: Readonly<Record<NormalizedField, readonly AliasSource[]>> = {
  operation: [genai('gen_ai.operation.name'), openinference('openinference.span.kind'), openllmetry('traceloop.span.kind')],
  'tool.name': [genai('gen_ai.tool.name'), openinference('tool.name'), openinference('tool_call.function.name')],
  'tool.args': [genai('gen_ai.tool.call.arguments'), openinference('tool_call.function.arguments'), openinference('tool.arguments')],
  'tool.result': [genai('gen_ai.tool.call.result'), openinference('tool.output')],
  command: [general('process.command_line'), general('process.command'), general('shell.command')],
  'file.path': [general('file.path'), general('file.name')],
  url: [general('url.full'), general('http.url')],
  'url.host': [general('server.address'), general('url.domain'), general('net.peer.name'), general('http.host')],
  'http.method': [general('http.request.method'), general('http.method')],
  'http.status_code': [general('http.response.status_code'), general('http.status_code')],
  'db.query': [general('db.query.text'), general('db.statement')],
  'process.exit_code': [general('process.exit_code'), general('process.exit.code')],
  'session.id': [genai('gen_ai.conversation.id'), general('session.id'), openllmetry('traceloop.association.properties.session_id')],
  'agent.id': [genai('gen_ai.agent.id'), general('agent.id'), genai('gen_ai.agent.name'), openinference('agent.name')],
  'agent.name': [genai('gen_ai.agent.name'), openinference('agent.name'), { key: 'service.name', convention: 'general', scope: 'resource' }],
  'user.id': [general('user.id'), general('enduser.id'), openllmetry('traceloop.association.properties.user_id')],
  'tokens.input': [genai('gen_ai.usage.input_tokens'), openinference('llm.token_count.prompt'), openllmetry('gen_ai.usage.prompt_tokens')],
  'tokens.output': [genai('gen_ai.usage.output_tokens'), openinference('llm.token_count.completion'), openllmetry('gen_ai.usage.completion_tokens')],
  model: [genai('gen_ai.request.model'), genai('gen_ai.response.model'), openinference('llm.model_name')],
  prompt: [{ ...genai('gen_ai.input.messages'), messages: 'input' }, genai('gen_ai.system_instructions'), genai('gen_ai.prompt')],
  completion: [{ ...genai('gen_ai.output.messages'), messages: 'output' }, genai('gen_ai.completion')],
  document: [genai('gen_ai.retrieval.documents')],
  'error.code': [general('error.code'), general('aws.error.code'), general('error.type'), general('exception.type')],
  'message.recipient': [general('messaging.destination.name'), general('email.to')],
  'cloud.operation': [general('aws.operation'), general('cloud.operation'), general('rpc.method')],
  // Set from the dialect that read the event (dialects/index.ts), never from an attribute.
  dialect: [],
};

/**
 * Keys whose meaning depends on the span's kind: OpenInference and OpenLLMetry put a tool's
 * input and output in `input.value` / `traceloop.entity.input`, and an LLM's prompt in the same
 * keys. Resolved after the operation is known (see model.ts).
 */
export const KIND_DEPENDENT_INPUT = ['input.value', 'traceloop.entity.input'] as const;
/** Output counterpart of KIND_DEPENDENT_INPUT. */
export const KIND_DEPENDENT_OUTPUT = ['output.value', 'traceloop.entity.output'] as const;

/**
 * Flattened message lists (OpenInference `llm.input_messages.0.message.content`, OpenLLMetry
 * `gen_ai.prompt.0.content`, OpenInference `retrieval.documents.0.document.content`): every key
 * with this prefix and suffix is joined, in key order, into the field.
 */
export const FLATTENED: readonly { prefix: string; suffix: string; field: NormalizedField }[] = [
  { prefix: 'llm.input_messages.', suffix: '.content', field: 'prompt' },
  { prefix: 'gen_ai.prompt.', suffix: '.content', field: 'prompt' },
  { prefix: 'llm.output_messages.', suffix: '.content', field: 'completion' },
  { prefix: 'gen_ai.completion.', suffix: '.content', field: 'completion' },
  { prefix: 'retrieval.documents.', suffix: '.content', field: 'document' },
];

/** Operation names of OpenInference / OpenLLMetry span kinds in GenAI terms. */
export const OPERATION_ALIASES: Readonly<Record<string, string>> = {
  TOOL: 'execute_tool',
  tool: 'execute_tool',
  LLM: 'chat',
  llm: 'chat',
  AGENT: 'invoke_agent',
  agent: 'invoke_agent',
  EMBEDDING: 'embeddings',
  RETRIEVER: 'retrieval',
  RERANKER: 'rerank',
  CHAIN: 'chain',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'evaluate',
  workflow: 'workflow',
  task: 'task',
};

/** GenAI log event names (semantic conventions' events) and the field their body feeds. */
export const GENAI_EVENT_BODY: Readonly<Record<string, NormalizedField>> = {
  'gen_ai.system.message': 'prompt',
  'gen_ai.user.message': 'prompt',
  'gen_ai.assistant.message': 'completion',
  'gen_ai.choice': 'completion',
  'gen_ai.tool.message': 'tool.result',
  'gen_ai.client.inference.operation.details': 'prompt',
};

/**
 * Keys inside a tool's JSON arguments that carry a command, a path, a URL, a query or a
 * recipient. Searched at the top level and inside the usual wrappers (ARG_WRAPPERS).
 */
export const ARGUMENT_KEYS: Readonly<Record<string, NormalizedField>> = {
  command: 'command',
  cmd: 'command',
  commands: 'command',
  script: 'command',
  shell_command: 'command',
  bash_command: 'command',
  code: 'command',
  path: 'file.path',
  file_path: 'file.path',
  filepath: 'file.path',
  filename: 'file.path',
  file: 'file.path',
  target_file: 'file.path',
  absolute_path: 'file.path',
  source: 'file.path',
  src: 'file.path',
  destination: 'file.path',
  dest: 'file.path',
  directory: 'file.path',
  dir: 'file.path',
  url: 'url',
  uri: 'url',
  href: 'url',
  endpoint: 'url',
  webhook_url: 'url',
  query: 'db.query',
  sql: 'db.query',
  statement: 'db.query',
  to: 'message.recipient',
  recipient: 'message.recipient',
  recipients: 'message.recipient',
  email: 'message.recipient',
  cc: 'message.recipient',
  bcc: 'message.recipient',
  channel: 'message.recipient',
  operation: 'cloud.operation',
  action: 'cloud.operation',
  api: 'cloud.operation',
  api_name: 'cloud.operation',
  method: 'http.method',
};

/** Wrappers agents put arguments in: `{"input": {...}}`, `{"args": {...}}`, … */
export const ARG_WRAPPERS = ['input', 'args', 'arguments', 'params', 'parameters', 'kwargs', 'tool_input'] as const;
