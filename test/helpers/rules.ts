import { AgentEvent, type FieldValue } from '../../src/event/index.js';
import type { CompiledRule, Detection, EventPredicate, IndexKey, RuleMeta, SequenceSpec, StepPredicate, ThresholdSpec } from '../../src/rules/compiled.js';
import { RulesEngine, type EngineOptions } from '../../src/rules/runtime/engine.js';
import { MemoryStore, type StateStore } from '../../src/store/index.js';
import { keyValues } from './spans.js';

/** Event times in tests are offsets from this instant. */
export const BASE_MS = 1_700_000_000_000;
let spans = 0;

/** A span `offsetMs` after BASE_MS with these attributes; every call gets its own span id. */
export function eventAt(offsetMs: number, attributes: Record<string, string | number> = {}): AgentEvent {
  const spanId = Buffer.alloc(8);
  spanId.writeUInt32BE(++spans, 4);
  const endTimeUnixNano = ((BigInt(BASE_MS) + BigInt(offsetMs)) * 1_000_000n).toString();
  return AgentEvent.fromSpan({ name: 'test', traceId: Buffer.alloc(16, 1), spanId, endTimeUnixNano, attributes: keyValues(attributes) }, { name: 'test' }, { attributes: [] });
}

/** Reads a normalized field (what a compiled field reference does). */
export const field = (name: Parameters<AgentEvent['normalizedField']>[0]) => (event: AgentEvent): FieldValue => event.normalizedField(name);

/** Metadata of a rule with this id. */
export function meta(id: string, extra: Partial<RuleMeta> = {}): RuleMeta {
  return { id, title: `title of ${id}`, description: '', severity: 'high', score: 50, tags: [], actions: [], source: 'test.rules:1:1', message: (e) => `${id} at ${e.spanId}`, ...extra };
}

/** A single-event rule. */
export function singleRule(id: string, match: EventPredicate, index?: IndexKey, extra: Partial<RuleMeta> = {}): CompiledRule {
  return { ...meta(id, extra), kind: 'single', match, index: index && [index] };
}

/** A threshold rule grouped by session.id unless `groupBy` says otherwise. */
export function thresholdRule(id: string, spec: Partial<ThresholdSpec> & Pick<ThresholdSpec, 'op' | 'bound' | 'windowMs'>, match: EventPredicate = () => true, extra: Partial<RuleMeta> = {}): CompiledRule {
  const threshold: ThresholdSpec = { aggregate: 'count', groupBy: [field('session.id')], groupByNames: ['session.id'], ...spec };
  return { ...meta(id, extra), kind: 'threshold', match, threshold };
}

/** A sequence rule joined by session.id. */
export function sequenceRule(id: string, steps: [name: string, match: StepPredicate, index?: IndexKey][], windowMs: number, options: Partial<SequenceSpec> = {}, extra: Partial<RuleMeta> = {}): CompiledRule {
  const sequence: SequenceSpec = { steps: steps.map(([name, match, index]) => ({ name, match, index: index && [index] })), windowMs, by: [field('session.id')], byNames: ['session.id'], ...options };
  return { ...meta(id, extra), kind: 'sequence', sequence };
}

/** Predicate: the event's tool.name is `name`. */
export const tool = (name: string) => (event: AgentEvent): boolean => event.normalizedField('tool.name') === name;

let freshStore: () => StateStore = () => new MemoryStore({ maxGroups: 100, maxPartialSequences: 100 });

/** Makes engineOf use another backend (the shared suites run on Redis this way). */
export function useStore(factory: () => StateStore): void {
  freshStore = factory;
}

/** An engine on a fresh store (memory unless useStore says otherwise): lateness 30 s, 100 events per detection unless told. */
export function engineOf(rules: readonly CompiledRule[], options: Partial<EngineOptions> = {}): RulesEngine {
  return new RulesEngine(rules, { store: freshStore(), latenessMs: 30_000, maxEventsPerDetection: 100, ...options });
}

/** Evaluates each event as its own batch, in order; every detection raised. */
export async function feed(engine: RulesEngine, events: readonly AgentEvent[]): Promise<Detection[]> {
  const detections: Detection[] = [];
  for (const event of events) detections.push(...(await engine.evaluate([event])).detections);
  return detections;
}

/** A detection's events as span ids (the order is the report's order). */
export const spanIds = (detection: Detection): string[] => detection.events.map((e) => e.spanId);
