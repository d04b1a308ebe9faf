/** Detection sinks: local JSON-lines file, a stream, the recent list the admin API reads, and the alert sinks. */
export { FileSink } from './file-sink.js';
export { RecentSink, StreamSink, type DetectionSink } from './sink.js';
export { AlertSinks, type AlertSinkFactory, type AlertSinkSpec, type AlertSinksOptions } from './alert-sinks.js';
export { ALERT_SINK_FACTORIES, alertSinkSpecs } from './sink-registry.js';
export type { Alert, AlertContext } from './alert.js';
