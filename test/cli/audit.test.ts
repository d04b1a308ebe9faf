import t from 'tap';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The audit trail from the outside, as an operator checks it: `vigil serve` records detections,
// `vigil audit verify` says OK while it runs and after SIGTERM, and names an edited record.

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const RULES = new URL('../../rules.d', import.meta.url).pathname;
const run = promisify(execFile);

async function vigil(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, deadlineMs = 40_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const value = await Promise.resolve().then(probe).catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const span = (command: string) =>
  JSON.stringify({
    resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'execute_tool bash', startTimeUnixNano: String(Date.now() * 1e6), attributes: [
      { key: 'gen_ai.tool.name', value: { stringValue: 'bash' } },
      { key: 'gen_ai.conversation.id', value: { stringValue: 'conv-1' } },
      { key: 'gen_ai.tool.call.arguments', value: { stringValue: JSON.stringify({ command }) } },
    ] }] }] }],
  });

t.test('serve records detections; verify is OK running and after SIGTERM; an edit is named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-cli-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, ['receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } }', 'admin: { enabled: false }', `rules: { paths: [${JSON.stringify(RULES)}], watch: false }`, 'alerts: { file: { path: var/detections.jsonl } }'].join('\n'));
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.teardown(() => child.kill('SIGKILL'));
  const http = await until('the listening line', () => /"http":"(http:\/\/[^"]+)"/.exec(out)?.[1]);
  t.match(out, /made the audit signing key .*signing\.key; its public half .*\n-----BEGIN PUBLIC KEY-----/, 'the first start prints the public key');
  const res = await fetch(`${http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: span('rm -rf / --no-preserve-root') });
  t.equal(res.status, 200);
  const audit = join(dir, 'var', 'audit');
  await until('the detection record', () => (readFileSync(join(audit, '000001.jsonl'), 'utf8').includes('"kind":"detection"') ? true : undefined));

  const running = await vigil('audit', 'verify', '--config', config, audit);
  t.equal(running.code, 0);
  t.match(running.out, /^OK: 1 segments, 0 sealed, \d+ records; segment 000001 is open \(not sealed yet\)\n$/);

  child.kill('SIGTERM');
  t.equal(await exited, 0);
  const stopped = await vigil('audit', 'verify', '--config', config, audit);
  t.equal(stopped.code, 0);
  t.match(stopped.out, /^OK: 1 segments, 1 sealed, \d+ records\n$/);

  const query = await vigil('audit', 'query', '--config', config, '--session', 'conv-1', audit);
  const found = query.out.trim().split('\n').map((l) => JSON.parse(l));
  t.ok(found.length > 0 && found.every((r) => r.kind === 'detection' && r.session === 'conv-1'), `${found.length} detections of conv-1`);
  const kinds = readFileSync(join(audit, '000001.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).kind);
  t.same([kinds[0], kinds[1], kinds[kinds.length - 1]], ['config.loaded', 'rules.reload', 'gateway.stop']);

  const path = join(audit, '000001.jsonl');
  const lines = readFileSync(path, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('"kind":"detection"'));
  lines[at] = lines[at]!.replace('"severity":"', '"severity":"x');
  writeFileSync(path, lines.join('\n'));
  const edited = await vigil('audit', 'verify', '--config', config, audit);
  t.equal(edited.code, 1);
  t.match(edited.out, new RegExp(`^FAIL: 1 problems in .*\\n  segment 000001 line ${at + 1}: modified record seq ${at + 1} \\(its hash does not match its content\\)\\n$`));
});
