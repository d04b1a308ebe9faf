import { createHash } from 'node:crypto';

/** The `prev` of the very first record: no record came before it. */
export const GENESIS = '0'.repeat(64);

/** One line of the audit trail: what happened, its place in the chain and its own hash. */
export interface AuditRecord {
  readonly seq: number;
  readonly time: string;
  readonly kind: string;
  readonly [field: string]: unknown;
  readonly prev: string;
  readonly hash: string;
}

/** SHA-256 hex of text or bytes. */
export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * The hash of a record: SHA-256 of its JSON without `hash`, keys in written order. A parsed line
 * keeps that order, so a verifier recomputes exactly what the writer hashed.
 */
export function recordHash(record: Readonly<Record<string, unknown>>): string {
  const { hash: _hash, ...rest } = record;
  return sha256(JSON.stringify(rest));
}

/** The record to write: the fields between kind and the chain fields, hashed. */
export function chainRecord(seq: number, time: string, kind: string, fields: Readonly<Record<string, unknown>>, prev: string): AuditRecord {
  // Chain fields are the writer's: a caller's `seq` or `hash` field cannot replace them.
  const { seq: _s, time: _t, kind: _k, prev: _p, hash: _h, ...rest } = fields;
  const body = { seq, time, kind, ...rest, prev };
  return { ...body, hash: recordHash(body) } as AuditRecord;
}
