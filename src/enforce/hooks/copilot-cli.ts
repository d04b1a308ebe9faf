import { inputObject, reasonText, str, toolCallAction, type HookAdapter } from './adapter.js';

/**
 * GitHub Copilot CLI `preToolUse`, in both payload spellings (camelCase `toolName`/`toolArgs`,
 * possibly a JSON string, and the Claude-compatible `tool_name`/`tool_input`). Ask is passed on
 * (the cloud agent treats it as deny); no opinion is empty output.
 */
export const copilotCli: HookAdapter = {
  name: 'copilot-cli',
  action: (p) =>
    toolCallAction({
      agent: 'copilot-cli',
      session: str(p.sessionId) ?? str(p.session_id),
      tool: str(p.toolName) ?? str(p.tool_name) ?? 'unknown',
      input: inputObject(p.toolArgs ?? p.tool_input),
      cwd: str(p.cwd),
    }),
  answer: (verdict) => {
    if (verdict === 'no-opinion') return undefined;
    if (verdict.decision === 'allow') return { permissionDecision: 'allow' };
    return { permissionDecision: verdict.decision, permissionDecisionReason: reasonText(verdict) };
  },
};
