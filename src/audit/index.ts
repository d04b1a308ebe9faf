/** The tamper-evident audit trail: hash-chained records in segments sealed by signed digests. */
export { AuditLog, type AuditOptions } from './log.js';
export type { AuditRecord } from './chain.js';
export { verifyAuditTrail, type VerifyReport } from './verify.js';
export { readAuditRecords, matchesQuery, type AuditQuery } from './query.js';
export { readPublicKey, fingerprint } from './keys.js';
export { boundValue, DEFAULT_BOUNDS, type ValueBounds } from './bound.js';
export type { RetentionPolicy } from './retention.js';
