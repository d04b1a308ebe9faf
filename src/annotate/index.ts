/** Annotation: risk attributes on every span and log record, secrets redacted before forwarding. */
export { annotateEvent, annotateStateLost, riskAttributes, tagTenant, TENANT_ATTRIBUTE, type RiskSource } from './annotate.js';
export { redactSecrets, REDACTED } from './redact.js';
