/** The Splunk HTTP Event Collector exporter. */
export { splunkHecFactory } from './exporter.js';
export type { SplunkHecConfig } from './config.js';
