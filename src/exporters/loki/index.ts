/** The Loki exporter. */
export { lokiFactory } from './exporter.js';
export type { LokiConfig } from './config.js';
