import type { AgentEvent, FieldValue } from '../../event/index.js';

/** The annotation Vigil added to an event (README "Annotated output"), read back as plain values. */
export interface Risk {
  readonly score: number;
  /** `none`, `info`, `low`, `medium`, `high` or `critical`. */
  readonly level: string;
  readonly rules: readonly string[];
  /** MITRE ATT&CK technique ids, then MITRE ATLAS ones. */
  readonly attack: readonly string[];
  readonly atlas: readonly string[];
  readonly detectionIds: readonly string[];
}

const strings = (value: FieldValue): readonly string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];

/** The risk annotation of an event; an event the annotator never saw reads as no risk. */
export function riskOf(event: AgentEvent): Risk {
  const score = event.attribute('vigil.risk.score');
  const level = event.attribute('vigil.risk.level');
  return {
    score: typeof score === 'number' ? score : 0,
    level: typeof level === 'string' ? level : 'none',
    rules: strings(event.attribute('vigil.rules')),
    attack: strings(event.attribute('vigil.attack')),
    atlas: strings(event.attribute('vigil.atlas')),
    detectionIds: strings(event.attribute('vigil.detection.ids')),
  };
}
