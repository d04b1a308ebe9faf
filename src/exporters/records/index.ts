/** Flat records of annotated spans and log records, shared by the exporters that do not speak OTLP. */
export { MappingOption, recordsOf, toRecord, type EventRecord, type RecordMapping } from './event-record.js';
export { eventId } from './event-id.js';
export type { Risk } from './risk.js';
