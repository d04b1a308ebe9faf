import type { Dialect } from './dialect.js';

/** LangChain / LangGraph through OpenInference (the generic OpenInference keys do the reading). */
export const langchain: Dialect = {
  name: 'langchain',
  source: 'Arize-ai/openinference @1fe497f openinference-instrumentation-langchain _tracer.py',
  detect: {
    scopes: ['openinference.instrumentation.langchain', 'openinference.instrumentation.langgraph'],
  },
  map: {
    attributes: {
      'graph.node.id': 'agent.name',
    },
  },
};
