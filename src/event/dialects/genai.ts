import type { Dialect } from './dialect.js';

/**
 * The OpenTelemetry GenAI semantic conventions. Their attributes are the generic alias table's
 * first sources and their message lists and events are read for every dialect (messages.ts), so
 * this entry only recognises them.
 */
export const genai: Dialect = {
  name: 'genai',
  source: 'open-telemetry/semantic-conventions-genai docs/gen-ai/gen-ai-{spans,agent-spans,events}.md @002c8a6, model/gen-ai/gen-ai-input-messages.json @2b902ce; semantic-conventions @384d661 deprecated registry',
  detect: {
    eventPrefixes: ['gen_ai.'],
    markers: [
      'gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.system', 'gen_ai.input.messages', 'gen_ai.output.messages',
      'gen_ai.system_instructions', 'gen_ai.tool.name', 'gen_ai.conversation.id', 'gen_ai.request.model', 'gen_ai.agent.name',
    ],
  },
  map: {},
};
