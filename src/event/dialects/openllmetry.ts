import type { Dialect } from './dialect.js';

/** OpenLLMetry / Traceloop; the generic alias table reads it. */
export const openllmetry: Dialect = {
  name: 'openllmetry',
  source: 'traceloop/openllmetry @93429cf (v0.62.1) semconv_ai/__init__.py, traceloop-sdk decorators/base.py, tracing/tracing.py',
  detect: {
    markers: ['traceloop.span.kind', 'traceloop.entity.name', 'traceloop.workflow.name', 'traceloop.association.properties.session_id'],
  },
  map: {},
};
