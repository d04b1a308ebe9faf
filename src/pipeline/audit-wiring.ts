import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { AuditLog } from '../audit/index.js';
import type { AgentEvent } from '../event/index.js';
import { parseDuration, type VigilConfig } from '../config/index.js';
import type { Detection } from '../rules/index.js';

/** Opens the configured audit trail; a key made just now has its public half printed for the operator. */
export function openAuditLog(config: VigilConfig, resolvePath: (path: string) => string, logger: FastifyBaseLogger): AuditLog | undefined {
  const { audit } = config;
  if (!audit.enabled) return undefined;
  const log = AuditLog.open({
    dir: resolvePath(audit.dir),
    keyPath: resolvePath(audit.key_path),
    publicKeyPath: resolvePath(audit.public_key_path),
    segmentMaxRecords: audit.segment_max_records,
    segmentMaxBytes: audit.segment_max_bytes,
    retention: { maxAgeMs: parseDuration(audit.retention.max_age) ?? 0, maxBytes: audit.retention.max_bytes },
  });
  if (log.key.created) {
    process.stdout.write(`vigil: made the audit signing key ${resolvePath(audit.key_path)}; its public half (${resolvePath(audit.public_key_path)}):\n${log.key.publicPem}`);
    logger.info({ publicKeyPath: resolvePath(audit.public_key_path) }, 'audit signing key created');
  }
  return log;
}

/** SHA-256 of a value's JSON: the configuration as loaded. */
export const jsonHash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** SHA-256 over the rule files' paths and contents, in path order: which rule set was in force. */
export function ruleSetHash(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(file).update('\0');
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('(unreadable)');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The session an involved event names, found among the batch's events. */
function sessionOf(detection: Detection, events: readonly AgentEvent[]): string | undefined {
  const grouped = detection.group['session.id'];
  if (grouped !== undefined) return grouped;
  for (const involved of detection.events) {
    const event = events.find((e) => e.spanId === involved.spanId && e.traceId === involved.traceId && e.timeUnixNano === involved.timeUnixNano);
    const session = event?.normalizedField('session.id');
    if (typeof session === 'string' && session !== '') return session;
  }
  return undefined;
}

/**
 * Records every detection (rule, session, severity, message, the events' ids) in the audit trail.
 * A failed write (disk full, permission) is reported through onError, never into the pipeline.
 */
export function auditDetections(audit: AuditLog, onError: (error: Error) => void): (detections: readonly Detection[], events: readonly AgentEvent[]) => void {
  return (detections, events) => {
    for (const d of detections) {
      try {
        record(audit, d, events);
      } catch (error) {
        onError(error as Error);
      }
    }
  };
}

// One detection as an audit record.
function record(audit: AuditLog, d: Detection, events: readonly AgentEvent[]): void {
  audit.record('detection', {
    actor: 'engine',
    rule: d.ruleId,
    tenant: (d as Detection & { tenant?: string }).tenant,
    session: sessionOf(d, events),
    detection: d.id,
    severity: d.severity,
    score: d.score,
    title: d.title,
    message: d.message,
    group: d.group,
    events: d.events.map((e) => `${e.traceId}/${e.spanId}`),
  });
}
