import type { Dialect } from './dialect.js';
import { asRecord } from './decode.js';
import { readMessages } from './messages.js';

const URL_IN_TEXT = /\bhttps?:\/\/[^\s'"`<>|;)]+/i;

/** Google Gemini CLI log events and spans. */
export const geminiCli: Dialect = {
  name: 'gemini_cli',
  source: 'google-gemini/gemini-cli @5411f11 docs/cli/telemetry.md, packages/core/src/telemetry/{types,telemetryAttributes,trace}.ts',
  detect: {
    eventPrefixes: ['gemini_cli.'],
    services: ['gemini-cli', 'gemini_cli'],
    test: (event) => event.attribute('gen_ai.agent.name') === 'gemini-cli',
  },
  map: {
    attributes: {
      function_name: 'tool.name',
      tool_name: 'tool.name',
      function_args: 'tool.args',
      'session.id': 'session.id',
      'user.email': 'user.id',
      'installation.id': 'user.id',
      agent_id: 'agent.id',
      agent_name: 'agent.name',
      input_token_count: 'tokens.input',
      output_token_count: 'tokens.output',
      model: 'model',
      model_name: 'model',
      prompt: 'prompt',
      request_text: 'prompt',
      response_text: 'completion',
      'error.type': 'error.code',
      error_type: 'error.code',
      // The tool_call span's "messages" are the call object, not the conventions' message list.
      'gen_ai.input.messages': null,
      'gen_ai.output.messages': null,
    },
    operations: {
      'gemini_cli.tool_call': 'execute_tool',
      'gemini_cli.user_prompt': 'user_prompt',
      'gemini_cli.api_request': 'chat',
      'gemini_cli.api_error': 'chat',
      'gemini_cli.api_response': 'api_response',
      'gemini_cli.agent.start': 'invoke_agent',
      tool_call: 'execute_tool',
      llm_call: 'chat',
      agent_call: 'invoke_agent',
      schedule_tool_calls: 'schedule_tools',
    },
    derive(ctx) {
      const input = ctx.event.attribute('gen_ai.input.messages');
      const output = ctx.event.attribute('gen_ai.output.messages');
      // web_fetch takes its URLs inside a free-text prompt.
      if (ctx.get('tool.name') === 'web_fetch') {
        const prompt = asRecord(ctx.get('tool.args'))?.prompt;
        const url = typeof prompt === 'string' ? URL_IN_TEXT.exec(prompt) : null;
        if (url) ctx.set('url', url[0]);
      }
      if (ctx.get('operation') === 'execute_tool') {
        const request = asRecord(input);
        if (request !== undefined) {
          ctx.set('tool.name', request.name);
          ctx.set('tool.args', request.args);
        }
        const done = asRecord(output);
        ctx.set('tool.result', done?.response ?? done?.result ?? output);
      } else {
        // The inference details event writes the conventions' message lists.
        readMessages(ctx, input, output);
      }
    },
  },
};
