import type { EventRecord } from '../records/index.js';

/** A batch for `/services/collector/event`: the events, one JSON object each, concatenated. */
export interface HecBatch {
  readonly body: string;
  readonly items: number;
}

/** Where every event goes (index, source, sourcetype). */
export interface HecTarget {
  readonly index: string;
  readonly source: string;
  readonly sourcetype: string;
}

/**
 * HEC's event format: `time` in epoch seconds (millisecond fraction), the record as `event`, and
 * the low-cardinality facts plus the stable id as indexed `fields` (searchable without parsing
 * the event, and the key to fold at-least-once repeats).
 */
export function encodeHec(records: readonly EventRecord[], target: HecTarget): HecBatch {
  const body = records
    .map((record) =>
      JSON.stringify({
        time: Number((record.timeMs / 1000).toFixed(3)),
        ...(typeof record.fields['host.name'] === 'string' && { host: record.fields['host.name'] }),
        source: target.source,
        sourcetype: target.sourcetype,
        ...(target.index !== '' && { index: target.index }),
        event: record.fields,
        fields: {
          vigil_event_id: record.id,
          signal: record.signal,
          risk_level: record.risk.level,
          ...(record.risk.rules.length > 0 && { rule: record.risk.rules }),
          ...(record.service !== '' && { service: record.service }),
        },
      }),
    )
    .join('\n');
  return { body, items: records.length };
}
