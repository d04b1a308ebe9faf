import { sign, verify, type KeyObject } from 'node:crypto';
import { sha256 } from './chain.js';
import { fingerprint } from './keys.js';

/** What a digest states about its sealed segment; signed as JSON in this key order. */
export interface DigestBody {
  readonly version: 1;
  readonly segment: number;
  readonly first_seq: number;
  readonly last_seq: number;
  readonly records: number;
  readonly last_hash: string;
  /** SHA-256 of the segment file's bytes. */
  readonly sha256: string;
  /** SHA-256 of the previous segment's digest file, so deleting a segment breaks the chain; null for the first. */
  readonly prev_digest: string | null;
  readonly sealed_at: string;
  /** Fingerprint of the key that signed it. */
  readonly key: string;
}

/** A signed digest: its body and an Ed25519 signature (base64) over the body's JSON. */
export interface Digest extends DigestBody {
  readonly signature: string;
}

/** The digest file's text for a body, signed with the private key. */
export function signDigest(body: Omit<DigestBody, 'key'>, privateKey: KeyObject, publicKey: KeyObject): string {
  const full: DigestBody = { ...body, key: fingerprint(publicKey) };
  const signature = sign(null, Buffer.from(JSON.stringify(full)), privateKey).toString('base64');
  return JSON.stringify({ ...full, signature }) + '\n';
}

/** Whether a digest's signature holds for its body under the public key. */
export function digestSignatureValid(digest: Digest, publicKey: KeyObject): boolean {
  const { signature, ...body } = digest;
  try {
    return verify(null, Buffer.from(JSON.stringify(body)), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The hash the next digest's prev_digest names. */
export const digestFileHash = (text: string | Buffer): string => sha256(text);
