/** The file exporter: OTLP/JSON lines, rotated by size and age. */
export { fileFactory, LineFileDestination } from './factory.js';
export { FileSchema, type FileConfig } from './config.js';
export { RotatingFile, type RotationOptions } from './rotating-file.js';
