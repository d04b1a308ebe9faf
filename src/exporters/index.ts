/** Exporters: the destination contract, the registry of factories, the delivery helper and the HTTP client they share. */
export type { Destination, DestinationContext, DestinationFactory, SendResult, TelemetryBatch, TelemetrySignal } from './component.js';
export { EXPORTER_FACTORIES, type ExporterFactory } from './registry.js';
export { telemetryBatch } from './telemetry-batch.js';
export { DeliveryHelper, DeliverySchema, deliverySettings, openQueue, type DeliveryConfig, type DeliveryLogger, type DeliverySettings, type QueuedRecord } from './helper/index.js';
export { clientFor, endpointOptions, resultFromError, resultFromResponse, TlsSchema, tlsConnectOptions } from './http/index.js';
export { LineFileDestination, RotatingFile } from './file/index.js';
