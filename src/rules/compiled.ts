import type { AgentEvent, FieldValue } from '../event/index.js';

/** Severity levels, lowest first. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
/** One severity level. */
export type Severity = (typeof SEVERITIES)[number];

/** What a rule does beyond annotating the event; `deny` and `ask` decide pre-action checks. */
export type RuleAction = 'alert' | 'pause-session' | 'kill-session' | 'deny' | 'ask';

/** A compiled predicate over one event: generated JavaScript, no tree walking. */
export type EventPredicate = (event: AgentEvent) => boolean;

/** A compiled sequence step: may read the events that matched earlier steps, by step index. */
export type StepPredicate = (event: AgentEvent, earlier: readonly AgentEvent[]) => boolean;

/** A compiled field read (group keys, aggregated fields). */
export type FieldGetter = (event: AgentEvent) => FieldValue;

/** Rule metadata, as declared. */
export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly score: number;
  readonly tags: readonly string[];
  readonly actions: readonly RuleAction[];
  /** Where the rule was declared: `file:line:column`. */
  readonly source: string;
  /**
   * Renders the message template for the event that completed the detection; for a sequence,
   * `steps` holds every step's event in step order (so `{secret.file.path}` can be read).
   */
  readonly message: (event: AgentEvent, steps?: readonly AgentEvent[]) => string;
  /**
   * Hash of the rule's definition after lists and macros are expanded. Equal fingerprints mean
   * equal behaviour, so a reload keeps the rule's thresholds and sequences; absent: state resets.
   */
  readonly fingerprint?: string;
}

/**
 * What a rule's condition requires of one field, for the rule index: the field must hold one of
 * `values`, or (without `values`) merely be present and non-empty. A rule carries a list of keys
 * of which an event must satisfy at least one; a rule without keys meets every event.
 */
export interface IndexKey {
  /** A plain field name (`signal`, `operation`, `tool.name`, `command`, …). */
  readonly field: string;
  /** The values the field must have for the rule to possibly match; absent: any non-empty value. */
  readonly values?: readonly string[];
}

/** The aggregate a threshold compares. */
export interface ThresholdSpec {
  readonly aggregate: 'count' | 'distinct' | 'sum';
  /** The field distinct / sum read (absent for count). */
  readonly field?: FieldGetter;
  readonly fieldName?: string;
  readonly op: '>' | '>=' | '<' | '<=' | '==' | '!=';
  readonly bound: number;
  readonly windowMs: number;
  readonly groupBy: readonly FieldGetter[];
  readonly groupByNames: readonly string[];
}

/** A sequence's steps and join. */
export interface SequenceSpec {
  readonly steps: readonly { readonly name: string; readonly match: StepPredicate; readonly index?: readonly IndexKey[] }[];
  /** Cancels the group's partial sequences. */
  readonly until?: EventPredicate;
  /**
   * Whether an event could be one of the steps (judged by what each step reads of the event
   * alone) or the `until`: the engine hands the sequence only such events, since no other event
   * can change its state. Absent: every event is handed over.
   */
  readonly mayUse?: EventPredicate;
  readonly windowMs: number;
  readonly by: readonly FieldGetter[];
  readonly byNames: readonly string[];
}

/** A rule compiled to closures. Exceptions are already folded into the predicates. */
export type CompiledRule =
  | (RuleMeta & { readonly kind: 'single'; readonly match: EventPredicate; readonly index?: readonly IndexKey[] })
  | (RuleMeta & { readonly kind: 'threshold'; readonly match: EventPredicate; readonly index?: readonly IndexKey[]; readonly threshold: ThresholdSpec })
  | (RuleMeta & { readonly kind: 'sequence'; readonly sequence: SequenceSpec });

/** An event a detection involves, as reported. */
export interface DetectionEvent {
  readonly traceId: string;
  readonly spanId: string;
  readonly signal: 'span' | 'log';
  /** Event time in ns since the epoch (decimal string): identifies a log record without a span. */
  readonly timeUnixNano: string;
  /** Sequence step name, when the detection is a sequence. */
  readonly step?: string;
}

/** One firing of one rule. */
export interface Detection {
  /** Stable id: hash of rule id, group and the events involved. */
  readonly id: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly score: number;
  readonly tags: readonly string[];
  readonly actions: readonly RuleAction[];
  readonly message: string;
  readonly kind: CompiledRule['kind'];
  /** Group key values by field name (thresholds and sequences). */
  readonly group: Readonly<Record<string, string>>;
  /** The aggregate a threshold saw. */
  readonly value?: number;
  /** Event time of the last involved event, ms. */
  readonly timeMs: number;
  /** Every event involved, in event-time order. */
  readonly events: readonly DetectionEvent[];
  /** Decided on local state while the shared state backend was unreachable. */
  readonly degraded?: boolean;
}
