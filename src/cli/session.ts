import { VigilError } from '../errors.js';
import { adminRequest } from './admin-client.js';

type Flags = Record<string, string | boolean | undefined>;

function reasonOf(flags: Flags): string {
  if (typeof flags.reason !== 'string' || flags.reason.trim() === '') throw new VigilError('VGL_COMMAND_FAILED', '--reason TEXT is required');
  return flags.reason;
}

function idOf(ids: string[]): string {
  if (ids.length !== 1) throw new VigilError('VGL_COMMAND_FAILED', 'name exactly one session id');
  return encodeURIComponent(ids[0]);
}

function describe(flag: { scope: string; id: string; kind: string; expiresAtMs?: number }): string {
  const until = flag.expiresAtMs === undefined ? 'until cleared' : `until ${new Date(flag.expiresAtMs).toISOString()}`;
  return `${flag.scope} ${flag.id}: ${flag.kind === 'kill' ? 'killed' : 'paused'} ${until}`;
}

/** `vigil session pause|kill ID --reason TEXT [--duration 1h]`: every gateway sharing the state denies the session's checks. */
export async function flagSession(kind: 'pause' | 'kill', flags: Flags, ids: string[]): Promise<number> {
  const body = { kind, reason: reasonOf(flags), ...(typeof flags.duration === 'string' && { duration: flags.duration }) };
  const { flag } = await adminRequest(flags, 'PUT', `/flags/session/${idOf(ids)}`, body);
  process.stdout.write(`${describe(flag)}\n`);
  return 0;
}

/** `vigil session resume ID`: clears the session's pause or kill. */
export async function resumeSession(flags: Flags, ids: string[]): Promise<number> {
  const { cleared } = await adminRequest(flags, 'DELETE', `/flags/session/${idOf(ids)}`);
  process.stdout.write(cleared ? `session ${ids[0]}: resumed\n` : `session ${ids[0]}: had no pause or kill\n`);
  return 0;
}

function switchScope(flags: Flags): string {
  if (typeof flags.agent === 'string') return `/flags/agent/${encodeURIComponent(flags.agent)}`;
  if (typeof flags.user === 'string') return `/flags/user/${encodeURIComponent(flags.user)}`;
  return '/flags/global/*';
}

/** `vigil killswitch on|off [--agent ID | --user ID]`: stops every action (of one agent or user) until switched off. */
export async function killswitch(on: boolean, flags: Flags): Promise<number> {
  if (on) {
    const { flag } = await adminRequest(flags, 'PUT', switchScope(flags), { kind: 'kill', reason: reasonOf(flags) });
    process.stdout.write(`kill switch on: ${describe(flag)}\n`);
  } else {
    const { cleared } = await adminRequest(flags, 'DELETE', switchScope(flags));
    process.stdout.write(cleared ? 'kill switch off\n' : 'kill switch was not on\n');
  }
  return 0;
}

/** `vigil sessions [--limit N]`: the riskiest sessions with their flags, then agent, user and global flags. */
export async function sessions(flags: Flags): Promise<number> {
  const limit = typeof flags.limit === 'string' ? `?limit=${encodeURIComponent(flags.limit)}` : '';
  const answer = await adminRequest(flags, 'GET', `/sessions${limit}`);
  if (flags.json === true) {
    process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
    return 0;
  }
  for (const f of answer.global) process.stdout.write(`${describe(f)} (${f.actor}: ${f.reason})\n`);
  process.stdout.write(`${'SESSION'.padEnd(38)} RISK  DETECTIONS  FLAG        LAST RULE\n`);
  for (const s of answer.sessions) {
    const flag = s.flags[0] === undefined ? '-' : s.flags[0].kind === 'kill' ? 'killed' : 'paused';
    process.stdout.write(`${String(s.session).padEnd(38)} ${String(s.risk).padStart(4)}  ${String(s.detections).padStart(10)}  ${flag.padEnd(10)}  ${s.last_rule || '-'}\n`);
  }
  return 0;
}
