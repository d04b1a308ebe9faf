/** Detection sinks: local JSON-lines file, a stream, and the recent list the admin API reads. */
export { FileSink } from './file-sink.js';
export { RecentSink, StreamSink, type DetectionSink } from './sink.js';
