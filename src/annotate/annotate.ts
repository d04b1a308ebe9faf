import type { AgentEvent, AnyValue, KeyValue } from '../event/index.js';
import { SEVERITIES, type RuleMeta } from '../rules/index.js';

/** What annotation reads of a matched rule. */
export type RiskSource = Pick<RuleMeta, 'id' | 'score' | 'severity' | 'tags'>;
import { redactSecrets } from './redact.js';

const ATLAS_ID = /^AML\.T\d{4}(?:\.\d{3})?$/;
const ATTACK_ID = /^T\d{4}(?:\.\d{3})?$/;
/** Rules with this tag find secrets; the annotator redacts what their events carry. */
export const REDACT_TAG = 'redact';

const text = (value: string): AnyValue => ({ stringValue: value });
const textArray = (values: readonly string[]): AnyValue => ({ arrayValue: { values: values.map(text) } });
const kv = (key: string, value: AnyValue): KeyValue => ({ key, value });

// An event no rule matched gets the same two attributes; build them once.
const NO_RISK: readonly KeyValue[] = [kv('vigil.risk.score', { intValue: 0 }), kv('vigil.risk.level', text('none'))];
const LATE: KeyValue = kv('vigil.late', { boolValue: true });

/** The attribute list annotations go into: the span's or the log record's. */
function attributesOf(event: AgentEvent): KeyValue[] {
  const owner = (event.span ?? event.log) as { attributes?: KeyValue[] };
  owner.attributes ??= [];
  return owner.attributes;
}

/** The risk attributes for a set of matched rules (README: "Annotated output"). */
export function riskAttributes(matched: readonly RiskSource[], detectionIds: readonly string[]): readonly KeyValue[] {
  if (matched.length === 0 && detectionIds.length === 0) return NO_RISK;
  let score = 0;
  let level = -1;
  const atlas = new Set<string>();
  const attack = new Set<string>();
  for (const rule of matched) {
    score = Math.max(score, rule.score);
    level = Math.max(level, SEVERITIES.indexOf(rule.severity));
    for (const tag of rule.tags) {
      if (ATLAS_ID.test(tag)) atlas.add(tag);
      else if (ATTACK_ID.test(tag)) attack.add(tag);
    }
  }
  return [
    kv('vigil.risk.score', { intValue: score }),
    kv('vigil.risk.level', text(level < 0 ? 'none' : SEVERITIES[level])),
    kv('vigil.rules', textArray(matched.map((rule) => rule.id))),
    kv('vigil.atlas', textArray([...atlas])),
    kv('vigil.attack', textArray([...attack])),
    kv('vigil.detection.ids', textArray(detectionIds)),
  ];
}

function redactValue(value: AnyValue | null | undefined): void {
  if (value == null) return;
  if (value.stringValue != null) value.stringValue = redactSecrets(value.stringValue);
  else if (value.arrayValue != null) for (const item of value.arrayValue.values ?? []) redactValue(item);
  else if (value.kvlistValue != null) for (const item of value.kvlistValue.values ?? []) redactValue(item.value);
}

/**
 * Adds the risk attributes to the event's span or log record and, when a matched rule is tagged
 * `redact`, replaces the secrets in its attributes and body so they are never forwarded. Returns
 * the index of the first added attribute, or -1 when existing data was changed (redaction), so
 * forwarding knows whether appending the added attributes to the received bytes is enough.
 */
export function annotateEvent(event: AgentEvent, matched: readonly RiskSource[], detectionIds: readonly string[], redact: boolean): number {
  const attributes = attributesOf(event);
  let redacted = false;
  if (redact && matched.some((rule) => rule.tags.includes(REDACT_TAG))) {
    for (const attribute of attributes) redactValue(attribute.value);
    redactValue(event.log?.body);
    redacted = true;
  }
  const from = attributes.length;
  for (const attribute of riskAttributes(matched, detectionIds)) attributes.push(attribute);
  // Too old for windows and sequences: say so downstream rather than mix it in silently.
  if (event.late) attributes.push(LATE);
  return redacted ? -1 : from;
}
