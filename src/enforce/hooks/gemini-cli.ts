import { inputObject, reasonText, str, toolCallAction, type HookAdapter } from './adapter.js';

/**
 * Gemini CLI `BeforeTool`: `decision` deny (the reason goes to the model as the tool's error) or
 * ask (forces the confirmation dialog). Allow only "does not block"; no opinion is empty output.
 */
export const geminiCli: HookAdapter = {
  name: 'gemini-cli',
  action: (p) =>
    p.hook_event_name !== undefined && p.hook_event_name !== 'BeforeTool'
      ? undefined
      : toolCallAction({ agent: 'gemini-cli', session: str(p.session_id), tool: str(p.tool_name) ?? 'unknown', input: inputObject(p.tool_input), cwd: str(p.cwd) }),
  answer: (verdict) => {
    if (verdict === 'no-opinion') return undefined;
    if (verdict.decision === 'allow') return { decision: 'allow' };
    if (verdict.decision === 'ask') return { decision: 'ask', reason: reasonText(verdict), systemMessage: verdict.user_message };
    return { decision: 'deny', reason: reasonText(verdict), systemMessage: verdict.user_message };
  },
};
