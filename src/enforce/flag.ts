/** Who a flag stops: everything, one agent, one user or one session. */
export type FlagScope = 'global' | 'agent' | 'user' | 'session';
/** Every scope, narrowest last. */
export const FLAG_SCOPES: readonly FlagScope[] = ['global', 'agent', 'user', 'session'];

/** A pause ends at its expiry; a kill lasts until it is cleared. */
export type FlagKind = 'pause' | 'kill';

/** The id the global switch is stored under. */
export const GLOBAL_ID = '*';

/** One switch that makes pre-action checks deny: who it stops, why, who set it and when. */
export interface Flag {
  readonly scope: FlagScope;
  /** Agent, user or session id; `*` for the global switch. */
  readonly id: string;
  readonly kind: FlagKind;
  readonly reason: string;
  /** Who set it: `rule:<id>`, `admin:<token name>`, `cli`. */
  readonly actor: string;
  readonly setAtMs: number;
  /** Absent: until cleared. */
  readonly expiresAtMs?: number;
}

/** The subjects of one proposed action, as far as its attributes name them. */
export interface Subjects {
  readonly session?: string;
  readonly agent?: string;
  readonly user?: string;
}

/** The (scope, id) pairs a check must look up for these subjects, global first. */
export function flagKeys(subjects: Subjects): readonly (readonly [FlagScope, string])[] {
  const keys: [FlagScope, string][] = [['global', GLOBAL_ID]];
  if (subjects.agent) keys.push(['agent', subjects.agent]);
  if (subjects.user) keys.push(['user', subjects.user]);
  if (subjects.session) keys.push(['session', subjects.session]);
  return keys;
}

/** Whether a flag is in force at `nowMs`. */
export function isActive(flag: Flag, nowMs: number): boolean {
  return flag.expiresAtMs === undefined || flag.expiresAtMs > nowMs;
}

/**
 * Where flags live. Every replica reads the same store, so a flag set through one gateway stops
 * the agent at every gateway. `active` is one round trip on a remote store.
 */
export interface FlagStore {
  /** Sets (or replaces) the flag of its scope and id. */
  set(flag: Flag): Promise<void>;
  /** Clears a flag; false when there was none. */
  clear(scope: FlagScope, id: string): Promise<boolean>;
  /** The flags in force for these subjects (global, agent, user, session). */
  active(subjects: Subjects, nowMs: number): Promise<readonly Flag[]>;
  /** Every flag in force. */
  list(nowMs: number): Promise<readonly Flag[]>;
}
