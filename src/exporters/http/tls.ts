import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import type { ConnectionOptions } from 'node:tls';

/** TLS options of an outgoing connection, the Collector's `tls:` block (files, not inline PEM). */
export const TlsSchema = Type.Object(
  {
    ca_file: Type.String({ default: '', description: 'PEM bundle of the CAs to trust (empty: the system store)' }),
    cert_file: Type.String({ default: '', description: 'client certificate (PEM) for mutual TLS' }),
    key_file: Type.String({ default: '', description: 'private key (PEM) of cert_file' }),
    insecure_skip_verify: Type.Boolean({ default: false, description: 'accept any server certificate (tests only)' }),
    server_name: Type.String({ default: '', description: 'SNI and name to verify (empty: the endpoint host)' }),
  },
  { additionalProperties: false, default: {} },
);

/** The `tls:` block as loaded. */
export type TlsConfig = Static<typeof TlsSchema>;

/** Reads the certificate files once, at build time, into Node's connection options. */
export function tlsConnectOptions(tls: TlsConfig, resolvePath: (path: string) => string): ConnectionOptions {
  const read = (path: string): Buffer | undefined => (path === '' ? undefined : readFileSync(resolvePath(path)));
  if ((tls.cert_file === '') !== (tls.key_file === '')) throw new Error('tls.cert_file and tls.key_file go together');
  return {
    ca: read(tls.ca_file),
    cert: read(tls.cert_file),
    key: read(tls.key_file),
    rejectUnauthorized: !tls.insecure_skip_verify,
    servername: tls.server_name === '' ? undefined : tls.server_name,
  };
}
