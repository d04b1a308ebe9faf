/** The stdout exporter. */
export { stdoutFactory, StdoutSchema, type StdoutConfig } from './factory.js';
