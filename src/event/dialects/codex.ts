import type { DeriveContext, Dialect } from './dialect.js';
import { asRecord, commandOf, exitCodeOf, patchPaths } from './decode.js';

const PATCH_START = /^\s*\*\*\* Begin Patch/;

/** OpenAI Codex CLI log events (codex-otel crate). */
export const codex: Dialect = {
  name: 'codex',
  source: 'openai/codex codex-rs/otel (session_telemetry.rs @0136a731, log.rs @373d1a86), protocol/src/models.rs @001cb8e2, tools/handlers/unified_exec.rs @010d3e62',
  detect: {
    eventPrefixes: ['codex.'],
    services: ['codex_', 'codex-'],
  },
  map: {
    attributes: {
      tool_name: 'tool.name',
      arguments: 'tool.args',
      output: 'tool.result',
      'conversation.id': 'session.id',
      'user.email': 'user.id',
      'user.account_id': 'user.id',
      input_token_count: 'tokens.input',
      output_token_count: 'tokens.output',
      model: 'model',
      slug: 'model',
      prompt: 'prompt',
      response: 'completion',
      'agent.type': 'agent.name',
      // The model API's status, not a tool's HTTP request.
      'http.response.status_code': null,
    },
    operations: {
      'codex.user_prompt': 'user_prompt',
      'codex.api_request': 'chat',
      'codex.websocket_request': 'chat',
      'codex.tool_result': 'execute_tool',
      'codex.tool_decision': 'tool_decision',
      'codex.agent_response': 'agent_response',
      'codex.conversation_starts': 'session_start',
    },
    derive(ctx) {
      const raw = ctx.get('tool.args');
      if (typeof raw === 'string' && PATCH_START.test(raw)) return patch(ctx, raw);
      const args = asRecord(raw);
      if (args !== undefined) {
        const body = args.input ?? args.patch;
        if (typeof body === 'string' && PATCH_START.test(body)) return patch(ctx, body);
        ctx.set('command', commandOf(args.command) ?? commandOf(args.cmd));
        // write_stdin types into a running shell; its `session_id` is a process, not a conversation.
        if (ctx.get('tool.name') === 'write_stdin' && typeof args.chars === 'string') ctx.set('command', args.chars.trim());
      }
      const output = ctx.get('tool.result');
      if (output != null) ctx.set('process.exit_code', exitCodeOf(output));
    },
  },
};

/** The first path a patch touches is the event's file; the others become events of their own. */
function patch(ctx: DeriveContext, body: string): void {
  const [first, ...rest] = patchPaths(body);
  ctx.set('file.path', first);
  ctx.addPaths(rest);
}
