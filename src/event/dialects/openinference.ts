import type { Dialect } from './dialect.js';

/** OpenInference (Arize Phoenix) instrumentations not named by a more specific dialect; the generic alias table reads them. */
export const openinference: Dialect = {
  name: 'openinference',
  source: 'Arize-ai/openinference @1fe497f spec/semantic_conventions.md, spec/configuration.md',
  detect: {
    scopes: ['openinference.'],
    markers: ['openinference.span.kind'],
  },
  map: {},
};
