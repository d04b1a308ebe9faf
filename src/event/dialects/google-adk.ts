import type { Dialect } from './dialect.js';

/** Google Agent Development Kit (tracer `gcp.vertex.agent`). */
export const googleAdk: Dialect = {
  name: 'google_adk',
  source: 'google/adk-python src/google/adk/telemetry/tracing.py @0798a74',
  detect: {
    scopes: ['gcp.vertex.agent'],
    markers: ['gcp.vertex.agent.tool_call_args', 'gcp.vertex.agent.invocation_id', 'gcp.vertex.agent.session_id', 'gcp.vertex.agent.event_id'],
    test: (event) => event.attribute('gen_ai.system') === 'gcp.vertex.agent',
  },
  map: {
    attributes: {
      'gcp.vertex.agent.tool_call_args': 'tool.args',
      // Non-dict results arrive wrapped as {"result": …}; the text still carries them.
      'gcp.vertex.agent.tool_response': 'tool.result',
      'gcp.vertex.agent.session_id': 'session.id',
      'gcp.vertex.agent.llm_request': 'prompt',
      'gcp.vertex.agent.llm_response': 'completion',
    },
    operations: {
      call_llm: 'chat',
      invocation: 'invoke_agent',
    },
  },
};
