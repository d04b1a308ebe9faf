import type { DestinationFactory, TelemetryBatch } from './component.js';
import { elasticsearchFactory } from './elasticsearch/index.js';
import { fileFactory } from './file/index.js';
import { lokiFactory } from './loki/index.js';
import { otlpFactory } from './otlp/index.js';
import { splunkHecFactory } from './splunk-hec/index.js';
import { stdoutFactory } from './stdout/index.js';
import { syslogFactory } from './syslog/index.js';

/** A factory of any telemetry exporter; its config is validated against its own schema before create(). */
export type ExporterFactory = DestinationFactory<object, TelemetryBatch, unknown>;

/** Every exporter type by the `type` half of its `type/name`; add a line to add an exporter. */
export const EXPORTER_FACTORIES: ReadonlyMap<string, ExporterFactory> = new Map<string, ExporterFactory>(
  ([otlpFactory, fileFactory, stdoutFactory, lokiFactory, elasticsearchFactory, splunkHecFactory, syslogFactory] as ExporterFactory[]).map((factory) => [factory.type, factory]),
);
