import type { DestinationFactory, TelemetryBatch } from './component.js';
import { fileFactory } from './file/index.js';
import { otlpFactory } from './otlp/index.js';
import { stdoutFactory } from './stdout/index.js';

/** A factory of any telemetry exporter; its config is validated against its own schema before create(). */
export type ExporterFactory = DestinationFactory<object, TelemetryBatch, unknown>;

/** Every exporter type by the `type` half of its `type/name`; add a line to add an exporter. */
export const EXPORTER_FACTORIES: ReadonlyMap<string, ExporterFactory> = new Map<string, ExporterFactory>(
  ([otlpFactory, fileFactory, stdoutFactory] as ExporterFactory[]).map((factory) => [factory.type, factory]),
);
