import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookStatus, installHook, uninstallHook } from '../../src/cli/hooks.js';
import { runCli } from '../helpers/cli.js';

const flags = (f: Record<string, string>) => f;

const FILES: Record<string, string> = {
  'claude-code': '.claude/settings.json',
  codex: '.codex/hooks.json',
  'gemini-cli': '.gemini/settings.json',
  'copilot-cli': '.copilot/hooks/vigil.json',
  cursor: '.cursor/hooks.json',
};

// Settings a user already had: other hooks and other keys must survive.
const EXISTING: Record<string, unknown> = {
  'claude-code': { model: 'opus', hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/lint-guard' }] }], Stop: [{ hooks: [{ type: 'command', command: 'notify' }] }] } },
  codex: { hooks: { PreToolUse: [{ matcher: 'apply_patch', hooks: [{ type: 'command', command: 'fmt-check' }] }] } },
  'gemini-cli': { theme: 'dark', hooks: { BeforeTool: [{ matcher: 'write_file', hooks: [{ name: 'own', type: 'command', command: 'own-check', timeout: 5000 }] }] } },
  'copilot-cli': { version: 1, hooks: { sessionStart: [{ type: 'command', bash: 'echo hi' }] } },
  cursor: { version: 1, hooks: { afterFileEdit: [{ command: 'format' }], beforeShellExecution: [{ command: 'own-shell-guard' }] } },
};

const read = (home: string, agent: string) => JSON.parse(readFileSync(join(home, FILES[agent]), 'utf8'));

t.test('install merges into existing settings, is idempotent, uninstall restores them', async (t) => {
  for (const agent of Object.keys(FILES)) {
    const home = mkdtempSync(join(tmpdir(), 'vigil-home-'));
    mkdirSync(join(home, FILES[agent], '..'), { recursive: true });
    writeFileSync(join(home, FILES[agent]), JSON.stringify(EXISTING[agent]));
    const args = { home, url: 'http://127.0.0.1:4318' };
    t.match(installHook(flags(args), [agent]), /installed in/);
    const installed = read(home, agent);
    const text = JSON.stringify(installed);
    t.match(text, `http://127.0.0.1:4318/v1/hooks/${agent}`, `${agent}: hook posts to Vigil`);
    for (const kept of ['lint-guard', 'notify', 'fmt-check', 'own-check', 'echo hi', 'format', 'own-shell-guard', 'opus', 'dark']) {
      if (JSON.stringify(EXISTING[agent]).includes(kept)) t.match(text, kept, `${agent}: keeps ${kept}`);
    }
    t.match(installHook(flags(args), [agent]), /already installed/, `${agent}: second install changes nothing`);
    t.same(read(home, agent), installed);
    t.match(hookStatus({ home }, [agent]), { missing: 0, report: `${agent}: installed` });
    t.match(uninstallHook({ home }, [agent]), /removed from/);
    const after = read(home, agent);
    t.notMatch(JSON.stringify(after), '/v1/hooks/', `${agent}: uninstall removes only Vigil`);
    t.same(after, EXISTING[agent], `${agent}: the user's settings are back as they were`);
    t.equal(hookStatus({ home }, [agent]).missing, 1, `${agent}: status reports it missing`);
  }
});

t.test('specific shapes: Claude exit-2 fail-closed command, Gemini ms timeout, Cursor failClosed on four events', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-home-'));
  for (const agent of ['claude-code', 'gemini-cli', 'cursor']) installHook({ home, url: 'http://127.0.0.1:9', timeout: '8' }, [agent]);
  const claude = read(home, 'claude-code').hooks.PreToolUse[0].hooks[0];
  t.match(claude, { type: 'command', timeout: 8, command: /exit 2/ });
  t.match(read(home, 'gemini-cli').hooks.BeforeTool[0].hooks[0], { type: 'command', timeout: 8000 });
  const cursor = read(home, 'cursor').hooks;
  t.same(Object.keys(cursor).sort(), ['beforeMCPExecution', 'beforeReadFile', 'beforeShellExecution', 'preToolUse']);
  t.equal(cursor.preToolUse[0].failClosed, true);
  const open = mkdtempSync(join(tmpdir(), 'vigil-home-'));
  installHook({ home: open, url: 'http://127.0.0.1:9', 'fail-open': true }, ['cursor']);
  t.equal(read(open, 'cursor').hooks.preToolUse[0].failClosed, false);
  const bad = await runCli(['hooks', 'install', 'vim', '--home', home]);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /name an agent: claude-code, codex/);
});

/** Runs an installed hook command the way the agent would: payload on stdin, through a shell. */
function runHook(command: string, payload: unknown): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('/bin/sh', ['-c', command], (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    child.stdin?.end(JSON.stringify(payload));
  });
}

t.test('the installed one-liner posts the payload and passes the answer on; unreachable Vigil blocks', async (t) => {
  let received: unknown;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received = { url: req.url, body: JSON.parse(body) };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ permission: 'deny', user_message: 'no', agent_message: 'no' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const port = (server.address() as { port: number }).port;
  const home = mkdtempSync(join(tmpdir(), 'vigil-home-'));
  const cli = await runCli(['hooks', 'install', 'cursor', '--home', home, '--url', `http://127.0.0.1:${port}`]);
  t.equal(cli.code, 0, 'the CLI command itself');
  t.match(cli.stdout, /cursor: installed in/);
  const payload = { hook_event_name: 'beforeShellExecution', command: 'rm -rf /', cwd: '/p' };
  const answered = await runHook(read(home, 'cursor').hooks.beforeShellExecution[0].command, payload);
  t.same(received, { url: '/v1/hooks/cursor', body: payload });
  t.same(JSON.parse(answered.stdout), { permission: 'deny', user_message: 'no', agent_message: 'no' });

  const dead = mkdtempSync(join(tmpdir(), 'vigil-home-'));
  for (const agent of ['claude-code', 'codex', 'cursor']) installHook({ home: dead, url: 'http://127.0.0.1:9' }, [agent]);
  const claude = await runHook(read(dead, 'claude-code').hooks.PreToolUse[0].hooks[0].command, {});
  t.equal(claude.code, 2, 'Claude Code: exit 2 blocks');
  t.match(claude.stderr, /fail-closed/);
  const codex = await runHook(read(dead, 'codex').hooks.PreToolUse[0].hooks[0].command, {});
  t.match(JSON.parse(codex.stdout), { hookSpecificOutput: { permissionDecision: 'deny', permissionDecisionReason: /fail-closed/ } });
  const cursor = await runHook(read(dead, 'cursor').hooks.preToolUse[0].command, {});
  t.equal(JSON.parse(cursor.stdout).permission, 'deny');
});
