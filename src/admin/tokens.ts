import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** What a token may do: read, or also change flags. */
export type Role = 'read-only' | 'operator';

/** A token as config.yaml stores it: never the token, only its SHA-256. */
export interface TokenEntry {
  readonly name: string;
  readonly sha256: string;
  readonly role: Role;
}

/** Who made a request. */
export interface Caller {
  readonly name: string;
  readonly role: Role;
}

/** Hex SHA-256 of a token: what `admin.tokens[].sha256` holds. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The caller a bearer token belongs to; compared in constant time. */
export function callerOf(entries: readonly TokenEntry[], authorization: string | undefined): Caller | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (match === null) return undefined;
  const hash = Buffer.from(tokenHash(match[1]), 'hex');
  let found: Caller | undefined;
  for (const entry of entries) if (timingSafeEqual(hash, Buffer.from(entry.sha256, 'hex'))) found = { name: entry.name, role: entry.role };
  return found;
}

/** Whether a listen address only takes connections from this host. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}
