/** The event model: one event per span or log record, with a normalized vocabulary. */
export { AgentEvent, type Signal } from './model.js';
export { eventsFromLogs, eventsFromTraces } from './from-otlp.js';
export { resolveField, resolveMapField, FIELD_NAMES, MAP_FIELDS, type FieldAccessor, type FieldType, type ElementType, type ElementField } from './fields.js';
export { NORMALIZED_FIELDS, ALIASES, type NormalizedField } from './aliases.js';
export { anyValueToField, fieldToText, idToHex, keyValuesToObject, nanosToMillis, type FieldValue } from './any-value.js';
export { hostOf } from './normalize.js';
export type * from './otlp-shape.js';
