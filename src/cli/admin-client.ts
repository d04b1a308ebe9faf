import { readFileSync } from 'node:fs';
import { VigilError } from '../errors.js';
import { commandConfig } from './config-path.js';

type Flags = Record<string, string | boolean | undefined>;

/** The admin API base URL: --admin, else the admin listener the configuration names. */
function baseUrl(flags: Flags): string {
  if (typeof flags.admin === 'string') return flags.admin.replace(/\/+$/, '');
  const { host, port } = commandConfig(flags).config.admin;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** The bearer token: --token-file, else $VIGIL_ADMIN_TOKEN (none when the gateway has no tokens). */
function token(flags: Flags): string | undefined {
  if (typeof flags['token-file'] === 'string') return readFileSync(flags['token-file'], 'utf8').trim();
  return process.env.VIGIL_ADMIN_TOKEN || undefined;
}

/** Calls the admin API; resolves to the JSON answer, throws with the gateway's error text. */
export async function adminRequest(flags: Flags, method: string, path: string, body?: unknown): Promise<any> {
  const url = `${baseUrl(flags)}/admin/v1${path}`;
  const bearer = token(flags);
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new VigilError('VGL_COMMAND_FAILED', `cannot reach the gateway's admin API at ${url}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  const answer = text === '' ? {} : JSON.parse(text);
  if (!response.ok) throw new VigilError('VGL_COMMAND_FAILED', `${method} ${url}: ${response.status} ${answer.error ?? text}`);
  return answer;
}
