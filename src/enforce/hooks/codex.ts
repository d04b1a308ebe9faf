import { inputObject, reasonText, str, toolCallAction, type HookAdapter } from './adapter.js';

/**
 * Codex CLI `PreToolUse`. Codex rejects a bare allow and cannot ask (the call would go through
 * unjudged), so allow and no opinion are empty output (Codex's own approval policy applies) and
 * ask becomes deny, which must carry a non-empty reason.
 */
export const codex: HookAdapter = {
  name: 'codex',
  action: (p) =>
    p.hook_event_name !== undefined && p.hook_event_name !== 'PreToolUse'
      ? undefined
      : toolCallAction({ agent: 'codex', session: str(p.session_id), tool: str(p.tool_name) ?? 'unknown', input: inputObject(p.tool_input), callId: str(p.tool_use_id), cwd: str(p.cwd) }),
  answer: (verdict) => {
    if (verdict === 'no-opinion' || verdict.decision === 'allow') return undefined;
    return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reasonText(verdict) } };
  },
};
