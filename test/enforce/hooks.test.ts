import t from 'tap';
import { postJson, startTestGateway } from '../helpers/enforce-gateway.js';
import { RedisServer } from '../helpers/redis-server.js';

const RULES = `
rule t.root_delete { title: "Root delete" severity: critical score: 95 actions: [alert, deny] message: "recursive delete of / is not allowed" when: command contains "rm -rf /" }
rule t.push { title: "Push" severity: low score: 10 actions: [ask] message: "pushing needs approval" when: command contains "git push" }
`;

// Payload shapes from shared/AGENT-HOOKS.md, one per agent, with the command to put in.
const PAYLOADS: Record<string, (command: string) => Record<string, unknown>> = {
  'claude-code': (command) => ({ session_id: 'cc-1', transcript_path: '/tmp/t.jsonl', cwd: '/repo', permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command, description: 'run' }, tool_use_id: 'toolu_01' }),
  codex: (command) => ({ session_id: 'cx-1', transcript_path: null, cwd: '/repo', hook_event_name: 'PreToolUse', model: 'gpt-5', permission_mode: 'default', turn_id: 't1', tool_name: 'Bash', tool_use_id: 'call_1', tool_input: { command } }),
  'gemini-cli': (command) => ({ session_id: 'gm-1', transcript_path: '/abs/t.json', cwd: '/repo', hook_event_name: 'BeforeTool', timestamp: '2026-08-21T12:00:00Z', tool_name: 'run_shell_command', tool_input: { command, description: 'clean' } }),
  'copilot-cli': (command) => ({ sessionId: 'gh-1', timestamp: 1704614600000, cwd: '/repo', toolName: 'bash', toolArgs: JSON.stringify({ command }) }),
  cursor: (command) => ({ conversation_id: 'cu-1', generation_id: 'g1', model: 'm', hook_event_name: 'beforeShellExecution', cursor_version: '2.0', workspace_roots: ['/project'], user_email: 'dev@example.com', transcript_path: null, command, cwd: '/project', sandbox: false }),
};

// What each agent must receive, per verdict (undefined: empty output, the agent's own flow decides).
const EXPECTED: Record<string, { allow: unknown; deny: (body: any) => void; ask: (body: any) => void }> = {
  'claude-code': {
    allow: { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow' } },
    deny: (b) => t.match(b, { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: /recursive delete of \/ is not allowed/ } }),
    ask: (b) => t.match(b, { hookSpecificOutput: { permissionDecision: 'ask', permissionDecisionReason: /pushing needs approval/ } }),
  },
  codex: {
    allow: undefined,
    deny: (b) => t.match(b, { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: /recursive delete/ } }),
    ask: (b) => t.match(b, { hookSpecificOutput: { permissionDecision: 'deny', permissionDecisionReason: /pushing needs approval/ } }, 'Codex cannot ask: ask becomes deny'),
  },
  'gemini-cli': {
    allow: { decision: 'allow' },
    deny: (b) => t.match(b, { decision: 'deny', reason: /recursive delete/ }),
    ask: (b) => t.match(b, { decision: 'ask', reason: /approval/ }),
  },
  'copilot-cli': {
    allow: { permissionDecision: 'allow' },
    deny: (b) => t.match(b, { permissionDecision: 'deny', permissionDecisionReason: /recursive delete/ }),
    ask: (b) => t.match(b, { permissionDecision: 'ask', permissionDecisionReason: /approval/ }),
  },
  cursor: {
    allow: { permission: 'allow' },
    deny: (b) => t.match(b, { permission: 'deny', user_message: /denied/, agent_message: /recursive delete/ }),
    ask: (b) => t.match(b, { permission: 'ask', agent_message: /approval/ }),
  },
};

t.test('each agent gets allow, deny with the reason the model sees, and ask in its own shape', async (t) => {
  const { ingest } = await startTestGateway(t, { rules: RULES });
  for (const [agent, payload] of Object.entries(PAYLOADS)) {
    const url = `${ingest}/v1/hooks/${agent}`;
    const allow = await postJson(url, payload('ls -la'));
    t.equal(allow.status, 200, `${agent} allow status`);
    t.same(allow.body, EXPECTED[agent].allow, `${agent} allow`);
    const deny = await postJson(url, payload('rm -rf /'));
    EXPECTED[agent].deny(deny.body);
    const ask = await postJson(url, payload('git push origin main'));
    EXPECTED[agent].ask(ask.body);
  }
});

t.test('variants: Copilot camelCase with object args and PascalCase payloads, Cursor preToolUse cannot ask', async (t) => {
  const { ingest } = await startTestGateway(t, { rules: RULES });
  const pascal = await postJson(`${ingest}/v1/hooks/copilot-cli`, { hook_event_name: 'PreToolUse', session_id: 'gh-2', timestamp: '2026-01-01T00:00:00Z', cwd: '/repo', tool_name: 'Bash', tool_input: { command: 'rm -rf /' } });
  t.equal(pascal.body.permissionDecision, 'deny');
  const objectArgs = await postJson(`${ingest}/v1/hooks/copilot-cli`, { sessionId: 'gh-3', toolName: 'bash', toolArgs: { command: 'rm -rf /' } });
  t.equal(objectArgs.body.permissionDecision, 'deny');
  const preTool = await postJson(`${ingest}/v1/hooks/cursor`, { conversation_id: 'cu-2', hook_event_name: 'preToolUse', tool_name: 'Shell', tool_input: { command: 'git push', working_directory: '/project' }, tool_use_id: 'abc123', cwd: '/project' });
  t.equal(preTool.body.permission, 'deny', 'ask is not enforced on preToolUse, so it becomes deny');
  const other = await postJson(`${ingest}/v1/hooks/claude-code`, { hook_event_name: 'PostToolUse', session_id: 'cc', tool_name: 'Bash', tool_input: { command: 'rm -rf /' } });
  t.same(other.body, {}, 'an event Vigil does not judge gets no opinion');
  const unknown = await postJson(`${ingest}/v1/hooks/vim`, {});
  t.equal(unknown.status, 404);
  t.match(unknown.body.error, /claude-code/);
});

t.test('monitor mode records would-deny and decides nothing', async (t) => {
  const { gateway, ingest, admin } = await startTestGateway(t, { rules: RULES, enforce: { hooks: { mode: 'monitor' } } });
  t.ok(gateway);
  const deny = await postJson(`${ingest}/v1/hooks/claude-code`, PAYLOADS['claude-code']('rm -rf /'));
  t.same(deny.body, {}, 'no opinion: Claude Code keeps its own permission flow');
  const codex = await postJson(`${ingest}/v1/hooks/codex`, PAYLOADS.codex('rm -rf /'));
  t.equal(codex.body, undefined, 'Codex gets empty output');
  const metrics = await (await fetch(`${admin}/metrics`)).text();
  t.match(metrics, /vigil_enforce_verdicts_total\{decision="deny",source="monitor:claude-code"\} 1/);
  t.match(metrics, /vigil_enforce_verdicts_total\{decision="deny",source="monitor:codex"\} 1/);
});

t.test('a stalled state store: fail-closed by default after the timeout, fail-open when configured', async (t) => {
  const redis = await RedisServer.start(t);
  const state = { backend: 'redis', redis: { url: redis.url, command_timeout: '5s' } };
  const closed = await startTestGateway(t, { rules: RULES, state, enforce: { timeout: '1s' } });
  const open = await startTestGateway(t, { rules: RULES, state, enforce: { timeout: '1s', failure_policy: 'open' } });
  t.equal((await postJson(`${closed.ingest}/v1/hooks/claude-code`, PAYLOADS['claude-code']('ls'))).body.hookSpecificOutput.permissionDecision, 'allow', 'healthy');
  redis.freeze();
  t.teardown(() => redis.thaw());
  const denied = await postJson(`${closed.ingest}/v1/hooks/claude-code`, PAYLOADS['claude-code']('ls'));
  t.match(denied.body.hookSpecificOutput, { permissionDecision: 'deny', permissionDecisionReason: /longer than 1000 ms/ });
  const cursor = await postJson(`${closed.ingest}/v1/hooks/cursor`, PAYLOADS.cursor('ls'));
  t.equal(cursor.body.permission, 'deny');
  const allowed = await postJson(`${open.ingest}/v1/hooks/claude-code`, PAYLOADS['claude-code']('ls'));
  t.equal(allowed.body.hookSpecificOutput.permissionDecision, 'allow', 'fail-open lets the call through');
  const check = await postJson(`${closed.ingest}/v1/check`, { attributes: { 'process.command_line': 'ls' } });
  t.equal(check.body.decision, 'deny');
  t.match(check.body.reasons, [{ type: 'failure' }]);
});
