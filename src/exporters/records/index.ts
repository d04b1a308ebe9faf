/** Flat records of annotated spans and log records, shared by the exporters that do not speak OTLP. */
export { MappingOption, recordsOf, type EventRecord, type RecordMapping } from './event-record.js';
export type { Risk } from './risk.js';
