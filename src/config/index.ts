/** Configuration: one schema, loaded from config.yaml with `${ENV}` substitution, validated and frozen. */
export { ConfigSchema, Duration, type VigilConfig } from './schema.js';
export { configFromObject, loadConfig } from './load.js';
export { parseDuration } from './duration.js';
