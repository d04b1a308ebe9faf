import { inputObject, str, toolCallAction, type HookAdapter } from './adapter.js';

/**
 * Cursor `preToolUse`, `beforeShellExecution`, `beforeMCPExecution` and `beforeReadFile`.
 * `permission` with snake_case `user_message` / `agent_message`. Ask is enforced only on shell
 * and MCP events, so elsewhere it becomes deny; no opinion is empty output.
 */
export const cursor: HookAdapter = {
  name: 'cursor',
  action: (p) => {
    const base = { agent: 'cursor', session: str(p.conversation_id), user: str(p.user_email), cwd: str(p.cwd) };
    switch (p.hook_event_name) {
      case 'beforeShellExecution':
        return toolCallAction({ ...base, tool: 'Shell', input: { command: p.command }, command: str(p.command) });
      case 'beforeReadFile':
        return toolCallAction({ ...base, tool: 'Read', input: { file_path: p.file_path } });
      case 'beforeMCPExecution':
      case 'preToolUse':
      case undefined:
        return toolCallAction({ ...base, tool: str(p.tool_name) ?? 'unknown', input: inputObject(p.tool_input), callId: str(p.tool_use_id) });
      default:
        return undefined;
    }
  },
  answer: (verdict, p) => {
    if (verdict === 'no-opinion') return undefined;
    if (verdict.decision === 'allow') return { permission: 'allow' };
    const canAsk = p.hook_event_name === 'beforeShellExecution' || p.hook_event_name === 'beforeMCPExecution';
    const permission = verdict.decision === 'ask' && canAsk ? 'ask' : 'deny';
    return { permission, user_message: verdict.user_message, agent_message: verdict.model_message };
  },
};
