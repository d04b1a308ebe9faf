import type { Dialect } from './dialect.js';

const STRANDS = 'strands-agents';

/**
 * Strands Agents. Tool arguments and results sit in span events (read for every dialect by
 * messages.ts); its provider attribute names the framework, not the model vendor.
 */
export const strands: Dialect = {
  name: 'strands',
  source: 'strands-agents/sdk-python src/strands/telemetry/tracer.py @006ad58',
  detect: {
    scopes: ['strands'],
    markers: ['event_loop.cycle_id', 'gen_ai.agent.tools'],
    test: (event) => event.attribute('gen_ai.system') === STRANDS || event.attribute('gen_ai.provider.name') === STRANDS,
  },
  map: {
    attributes: {
      'gen_ai.usage.cache_read_input_tokens': null,
      'gen_ai.agent.system_prompt': 'prompt',
    },
    operations: {
      execute_event_loop_cycle: 'agent_step',
    },
  },
};
