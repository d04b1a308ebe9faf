import type { Dialect } from './dialect.js';
import { asRecord, spanEvents } from './decode.js';

/** Claude Code names its log events `claude_code.<name>` in the body and `<name>` in `event.name`. */
const EVENTS: Readonly<Record<string, string>> = {
  user_prompt: 'user_prompt',
  assistant_response: 'assistant_response',
  api_request: 'chat',
  api_error: 'chat',
  tool_result: 'execute_tool',
  tool_decision: 'tool_decision',
};
const SPANS: Readonly<Record<string, string>> = {
  'claude_code.interaction': 'invoke_agent',
  'claude_code.llm_request': 'chat',
  'claude_code.tool': 'execute_tool',
  'claude_code.tool.execution': 'tool_execution',
  'claude_code.tool.blocked_on_user': 'tool_wait',
  'claude_code.hook': 'hook',
};
const REJECTED = /^(?:reject|deny|denied|abort|block)/i;

/** Claude Code's native OpenTelemetry logs (events) and beta spans. */
export const claudeCode: Dialect = {
  name: 'claude_code',
  source: 'Claude Code monitoring-usage and hooks docs (thevibeworks/claude-code-docs @3f1ef7c)',
  detect: {
    eventPrefixes: ['claude_code.'],
    spanPrefixes: ['claude_code.'],
    scopes: ['com.anthropic.claude_code', 'com.anthropic.claude_code.'],
    services: ['claude-code'],
  },
  map: {
    attributes: {
      tool_name: 'tool.name',
      tool_input: 'tool.args',
      full_command: 'command',
      file_path: 'file.path',
      'session.id': 'session.id',
      agent_id: 'agent.id',
      'agent.name': 'agent.name',
      agent_type: 'agent.name',
      'user.email': 'user.id',
      'user.account_uuid': 'user.id',
      'user.account_id': 'user.id',
      'user.id': 'user.id',
      input_tokens: 'tokens.input',
      output_tokens: 'tokens.output',
      model: 'model',
      prompt: 'prompt',
      user_prompt: 'prompt',
      response: 'completion',
      error_type: 'error.code',
      error_code: 'error.code',
      error_name: 'error.code',
      error: 'error.code',
    },
    operations: {
      ...EVENTS,
      ...Object.fromEntries(Object.entries(EVENTS).map(([name, op]) => [`claude_code.${name}`, op])),
      ...SPANS,
    },
    derive(ctx) {
      const params = asRecord(ctx.event.attribute('tool_parameters'));
      const decision = ctx.event.attribute('decision');
      const isDecision = ctx.get('operation') === 'tool_decision';
      // An accepted decision is followed by the tool_result that reports the same call; only a
      // rejected one is the last word on what the agent tried.
      if (params !== undefined && (!isDecision || (typeof decision === 'string' && REJECTED.test(decision)))) {
        ctx.set('command', params.full_command ?? params.bash_command);
        if (isDecision) ctx.set('tool.args', ctx.event.attribute('tool_parameters'));
      }
      const server = params?.mcp_server_name;
      const tool = params?.mcp_tool_name;
      // MCP tools are reported as "mcp_tool"; the real name is in the parameters.
      if (typeof server === 'string' && typeof tool === 'string') ctx.replace('tool.name', `mcp__${server}__${tool}`);
      for (const event of spanEvents(ctx.event.span)) {
        if (event.name !== 'tool.output') continue;
        for (const [key, value] of Object.entries(event.attributes)) {
          if (/output|result/.test(key)) ctx.set('tool.result', value);
          else if (/input/.test(key)) ctx.set('tool.args', value);
        }
      }
    },
  },
};
