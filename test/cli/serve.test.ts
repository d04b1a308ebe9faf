import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `vigil serve` as a process: it listens, reloads its rules on file change and on SIGHUP, keeps
// working rules when a file breaks, and drains and exits 0 on SIGTERM.

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const rule = (id: string) => `rule ${id} {\n  title: "t"\n  severity: low\n  score: 1\n  when: command contains "x"\n}\n`;

async function until<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 10_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

t.test('serve: watch, SIGHUP, broken file, SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-'));
  writeFileSync(join(dir, 'a.rules'), rule('first'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, [
    'receivers: { otlp: { http: { port: 0 }, grpc: { port: 0 } } }',
    'admin: { port: 0 }',
    'rules: { paths: [rules], watch: true }',
    'alerts: { file: { path: detections.jsonl } }',
  ].join('\n').replace('[rules]', `[${JSON.stringify(dir)}]`));
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.teardown(() => child.kill('SIGKILL'));

  const admin = await until('the listening line', async () => /"admin":"(http:\/\/[^"]+)"/.exec(log)?.[1]);
  const status = async () => (await (await fetch(`${admin}/admin/rules`)).json()) as { last_reload: { ok: boolean; diagnostics: string[] }; rules: { id: string }[] };
  t.equal((await fetch(`${admin}/readyz`)).status, 200);
  t.same((await status()).rules.map((r) => r.id), ['first']);

  writeFileSync(join(dir, 'b.rules'), rule('second'));
  await until('the watched change', async () => ((await status()).rules.length === 2 ? true : undefined));
  t.pass('a new file is picked up by the watcher');

  writeFileSync(join(dir, 'b.rules'), 'rule second {\n  title: "t"\n  severity: low\n  score: 1\n  when: commandd contains "x"\n}\n');
  const broken = await until('the failed reload', async () => ((await status()).last_reload.ok === false ? await status() : undefined));
  t.match(broken.last_reload.diagnostics[0], /b\.rules:5:9: error unknown-field/);
  t.same(broken.rules.map((r) => r.id), ['first', 'second'], 'the working rules stay in force');

  writeFileSync(join(dir, 'b.rules'), rule('third'));
  child.kill('SIGHUP');
  await until('the SIGHUP reload', async () => ((await status()).rules.some((r) => r.id === 'third') ? true : undefined));
  const metrics = await (await fetch(`${admin}/metrics`)).text();
  t.match(metrics, /vigil_rules_reloads_total\{result="error"\} [1-9]/);
  t.match(metrics, /vigil_rules_last_reload_success 1/);

  child.kill('SIGTERM');
  t.equal(await exited, 0, 'SIGTERM drains and exits 0');
  t.match(log, /"msg":"stopped"/);
});
