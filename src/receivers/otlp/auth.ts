import { createHash } from 'node:crypto';
import { VigilError } from '../../errors.js';

/** One tenant's API key, as stored in the configuration: only its SHA-256 (hex). */
export interface TenantKey {
  readonly tenant: string;
  readonly keySha256: string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Ingest authentication: API keys per tenant, sent the way OTLP exporters send `headers`, as
 * `Authorization: Bearer KEY` or in a header of the operator's choice. Keys are kept as SHA-256
 * only, so the configuration holds no secret; with no keys configured, ingest is open.
 */
export class IngestAuth {
  private readonly byHash: ReadonlyMap<string, string>;
  /** The header the key comes in, lower case. */
  readonly header: string;

  constructor(header: string, keys: readonly TenantKey[]) {
    this.header = header.toLowerCase();
    this.byHash = new Map(keys.map((k) => [k.keySha256.toLowerCase(), k.tenant]));
  }

  /** True when keys are configured. */
  get enabled(): boolean {
    return this.byHash.size > 0;
  }

  /** The tenant a request's header value names; throws VGL_UNAUTHENTICATED for a missing or unknown key. */
  tenantOf(value: string | readonly string[] | undefined): string | undefined {
    if (!this.enabled) return undefined;
    const raw = Array.isArray(value) ? value[0] : (value as string | undefined);
    if (raw === undefined || raw === '') throw new VigilError('VGL_UNAUTHENTICATED', `no API key in the ${this.header} header`);
    const key = this.header === 'authorization' ? BEARER.exec(raw)?.[1] : raw.trim();
    if (key === undefined) throw new VigilError('VGL_UNAUTHENTICATED', 'the authorization header is not "Bearer <key>"');
    const tenant = this.byHash.get(createHash('sha256').update(key).digest('hex'));
    if (tenant === undefined) throw new VigilError('VGL_UNAUTHENTICATED', 'unknown API key');
    return tenant;
  }
}
