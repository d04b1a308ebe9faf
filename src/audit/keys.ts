import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256 } from './chain.js';

/** The signing key of the audit trail, and whether it was made just now. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicPem: string;
  readonly created: boolean;
}

/** A short, stable name of a public key: SHA-256 of its SPKI DER, 32 hex digits. */
export const fingerprint = (key: KeyObject): string => sha256(key.export({ type: 'spki', format: 'der' })).slice(0, 32);

/**
 * The Ed25519 key at keyPath (PKCS#8 PEM), made on first use with its public half (SPKI PEM) at
 * publicPath. The private key file is readable by its owner only.
 */
export function loadOrCreateSigningKey(keyPath: string, publicPath: string): SigningKey {
  if (existsSync(keyPath)) {
    const privateKey = createPrivateKey(readFileSync(keyPath));
    const publicKey = createPublicKey(privateKey);
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    if (!existsSync(publicPath)) writeFileSync(publicPath, publicPem);
    return { privateKey, publicKey, publicPem, created: false };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(keyPath), { recursive: true });
  mkdirSync(dirname(publicPath), { recursive: true });
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(publicPath, publicPem);
  return { privateKey, publicKey, publicPem, created: true };
}

/** A public key from a PEM file (SPKI, or a private key whose public half is taken). */
export function readPublicKey(path: string): KeyObject {
  return createPublicKey(readFileSync(path));
}
