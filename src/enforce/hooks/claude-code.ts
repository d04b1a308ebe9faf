import { inputObject, reasonText, str, toolCallAction, type HookAdapter } from './adapter.js';

/**
 * Claude Code `PreToolUse` (command or `http` hook): `permissionDecision` allow / deny / ask with
 * the reason shown to Claude. No opinion is an empty object: the normal permission flow decides.
 */
export const claudeCode: HookAdapter = {
  name: 'claude-code',
  action: (p) =>
    p.hook_event_name !== undefined && p.hook_event_name !== 'PreToolUse'
      ? undefined
      : toolCallAction({ agent: 'claude-code', session: str(p.session_id), tool: str(p.tool_name) ?? 'unknown', input: inputObject(p.tool_input), callId: str(p.tool_use_id), cwd: str(p.cwd) }),
  answer: (verdict) => {
    if (verdict === 'no-opinion') return {};
    const output: Record<string, unknown> = { hookEventName: 'PreToolUse', permissionDecision: verdict.decision };
    if (verdict.decision !== 'allow') output.permissionDecisionReason = reasonText(verdict);
    return { hookSpecificOutput: output, ...(verdict.decision === 'deny' && { systemMessage: verdict.user_message }) };
  },
};
