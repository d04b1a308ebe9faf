import type { Dialect } from './dialect.js';

const LOGFIRE_SPANS = /^(?:Agent run: |Function: |Responses API with |Chat completion with |Handoff: |Guardrail |MCP: list tools|Turn \d)/;
const OPERATIONS: readonly [RegExp, string][] = [
  [/^Function: /, 'execute_tool'],
  [/^Agent run: /, 'invoke_agent'],
  [/^(?:Responses API|Chat completion) with /, 'chat'],
  [/^Handoff: /, 'handoff'],
  [/^Guardrail /, 'guardrail'],
];

/** OpenAI Agents SDK traces, through OpenInference and through Logfire (`instrument_openai_agents`). */
export const openaiAgents: Dialect = {
  name: 'openai_agents',
  source: 'openai/openai-agents-python src/agents/tracing/span_data.py @1b3e9f5; Arize-ai/openinference @1fe497f openinference-instrumentation-openai-agents _processor.py; pydantic/logfire @e484a6b integrations/openai_agents.py, scrubbing.py',
  detect: {
    scopes: ['openinference.instrumentation.openai_agents', 'logfire.openai_agents'],
    markers: ['agent_trace_id'],
    test: (event) => event.signal === 'span' && LOGFIRE_SPANS.test(event.name) && event.attribute('logfire.msg_template') !== undefined,
  },
  map: {
    attributes: {
      // The trace span's conversation link.
      group_id: 'session.id',
      'graph.node.id': 'agent.name',
    },
    derive(ctx) {
      const name = ctx.event.name;
      const operation = OPERATIONS.find(([pattern]) => pattern.test(name))?.[1];
      if (operation === undefined) return;
      ctx.set('operation', operation);
      // Logfire flattens the SDK's export(): `name`, `input`, `output` on function spans.
      if (operation === 'execute_tool') {
        ctx.set('tool.name', ctx.event.attribute('name') ?? name.slice('Function: '.length));
        ctx.set('tool.args', ctx.event.attribute('input'));
        ctx.set('tool.result', ctx.event.attribute('output'));
      } else if (operation === 'invoke_agent') {
        ctx.replace('agent.name', ctx.event.attribute('name'));
      }
    },
  },
};
