import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs the built `vigil` CLI and collects its exit code and output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}
