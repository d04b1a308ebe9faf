/** Annotation: risk attributes on every span and log record, secrets redacted before forwarding. */
export { annotateEvent, annotateStateLost, riskAttributes, type RiskSource } from './annotate.js';
export { redactSecrets, REDACTED } from './redact.js';
