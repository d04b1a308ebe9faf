import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { boundValue } from './bound.js';
import { chainRecord, GENESIS, recordHash, type AuditRecord } from './chain.js';
import { digestFileHash, signDigest } from './digest.js';
import { loadOrCreateSigningKey, type SigningKey } from './keys.js';
import { pruneSegments, type RetentionPolicy } from './retention.js';
import { digestPath, listSegments, segmentPath } from './segments.js';

/** Where the audit trail lives and when a segment is sealed. */
export interface AuditOptions {
  readonly dir: string;
  readonly keyPath: string;
  readonly publicKeyPath: string;
  /** A segment is sealed once it holds this many records, or this many bytes. */
  readonly segmentMaxRecords: number;
  readonly segmentMaxBytes: number;
  readonly retention: RetentionPolicy;
  readonly now?: () => Date;
}

/** Where the chain stands: the next seq and segment, the last hash and the last digest's hash. */
interface ChainState {
  seq: number;
  segment: number;
  lastHash: string;
  lastDigest: string | null;
}

/** The records of a segment file that parse and chain, in order (a torn last line is left out). */
function readChain(path: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      const record = JSON.parse(line) as AuditRecord;
      const last = records[records.length - 1];
      if (recordHash(record) !== record.hash || (last !== undefined && (record.prev !== last.hash || record.seq !== last.seq + 1))) break;
      records.push(record);
    } catch {
      break;
    }
  }
  return records;
}

/**
 * The append-only audit trail: JSON lines, each carrying the hash of the one before, in segments
 * sealed by an Ed25519-signed digest that names the previous digest's hash. Writes are synchronous
 * so a record survives a crash right after it; a segment is sealed when full, and at close().
 */
export class AuditLog {
  private fd: number | undefined;
  private inSegment = 0;
  private bytes = 0;
  private firstSeq = 0;
  private closed = false;

  private constructor(
    private readonly options: AuditOptions,
    readonly key: SigningKey,
    private readonly state: ChainState,
  ) {}

  /** Opens the trail in options.dir: makes the key on first use, seals a segment a crash left open. */
  static open(options: AuditOptions): AuditLog {
    mkdirSync(options.dir, { recursive: true });
    const key = loadOrCreateSigningKey(options.keyPath, options.publicKeyPath);
    const { numbers, digests } = listSegments(options.dir);
    const state: ChainState = { seq: 1, segment: (numbers[numbers.length - 1] ?? 0) + 1, lastHash: GENESIS, lastDigest: null };
    const sealed = numbers.filter((n) => digests.has(n));
    const lastSealed = sealed[sealed.length - 1];
    if (lastSealed !== undefined) {
      const text = readFileSync(digestPath(options.dir, lastSealed), 'utf8');
      const digest = JSON.parse(text) as { last_seq: number; last_hash: string };
      Object.assign(state, { seq: digest.last_seq + 1, lastHash: digest.last_hash, lastDigest: digestFileHash(text) });
    }
    const log = new AuditLog(options, key, state);
    const open = numbers[numbers.length - 1];
    if (open === undefined || digests.has(open) || !existsSync(segmentPath(options.dir, open))) return log;
    // Left open by a stop that never sealed it (a kill): seal the records that chain on.
    const records = readChain(segmentPath(options.dir, open));
    // A segment that does not continue the chain is left as it is, for verify to report.
    if (records[0]?.seq !== state.seq || records[0].prev !== state.lastHash) return log;
    log.firstSeq = records[0]!.seq;
    log.inSegment = records.length;
    state.segment = open;
    log.seal(records[records.length - 1]!);
    return log;
  }

  /**
   * Appends one record of this kind; fields are bounded in size (long values cut with a marker).
   * After close() nothing is written (undefined); a failed write (disk full) throws to the caller.
   */
  record(kind: string, fields: Readonly<Record<string, unknown>> = {}): AuditRecord | undefined {
    if (this.closed) return undefined;
    const { state } = this;
    const record = chainRecord(state.seq, (this.options.now?.() ?? new Date()).toISOString(), kind, boundValue(fields) as Record<string, unknown>, state.lastHash);
    if (this.fd === undefined) {
      this.fd = openSync(segmentPath(this.options.dir, state.segment), 'a');
      this.firstSeq = state.seq;
      this.inSegment = 0;
      this.bytes = fstatSync(this.fd).size;
    }
    const line = JSON.stringify(record) + '\n';
    writeSync(this.fd, line);
    state.seq++;
    state.lastHash = record.hash;
    this.inSegment++;
    this.bytes += Buffer.byteLength(line);
    if (this.inSegment >= this.options.segmentMaxRecords || this.bytes >= this.options.segmentMaxBytes) this.rotate(record);
    return record;
  }

  /** Prunes by retention, records what it pruned, and seals the open segment; idempotent. */
  close(): void {
    if (this.closed) return;
    this.applyRetention();
    this.closed = true;
    if (this.fd === undefined) return;
    this.seal({ seq: this.state.seq - 1, hash: this.state.lastHash });
  }

  private rotate(last: { seq: number; hash: string }): void {
    this.seal(last);
    this.applyRetention();
  }

  private applyRetention(): void {
    const pruned = pruneSegments(this.options.dir, this.options.retention, this.state.segment, (this.options.now?.() ?? new Date()).getTime());
    if (pruned !== undefined) this.record('audit.retention', { ...pruned });
  }

  private seal(last: { seq: number; hash: string }): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    const { dir } = this.options;
    const n = this.state.segment;
    const text = signDigest(
      {
        version: 1,
        segment: n,
        first_seq: this.firstSeq,
        last_seq: last.seq,
        records: this.inSegment,
        last_hash: last.hash,
        sha256: digestFileHash(readFileSync(segmentPath(dir, n))),
        prev_digest: this.state.lastDigest,
        sealed_at: (this.options.now?.() ?? new Date()).toISOString(),
      },
      this.key.privateKey,
      this.key.publicKey,
    );
    writeFileSync(digestPath(dir, n), text);
    Object.assign(this.state, { segment: n + 1, seq: last.seq + 1, lastHash: last.hash, lastDigest: digestFileHash(text) });
  }
}
