import type { Dialect } from './dialect.js';

/** Vercel AI SDK: `ai.*` spans of v4–v6 `experimental_telemetry`, and the AI SDK 7 GenAI spans of `@ai-sdk/otel`. */
export const vercelAi: Dialect = {
  name: 'vercel_ai',
  source: 'vercel/ai @ed857f5 content/docs/03-ai-sdk-core/60-telemetry.mdx, packages/otel/src/open-telemetry.ts; tags ai@6.0.264, ai@4.3.19 (generate-text.ts, execute-tool-call.ts)',
  detect: {
    spanPrefixes: ['ai.'],
    scopes: ['ai', '@ai-sdk/'],
    markers: ['ai.operationId', 'ai.toolCall.name', 'ai.model.id', 'ai.telemetry.functionId'],
  },
  map: {
    attributes: {
      'ai.operationId': 'operation',
      'ai.toolCall.name': 'tool.name',
      'ai.toolCall.args': 'tool.args',
      'ai.toolCall.result': 'tool.result',
      'ai.telemetry.metadata.sessionId': 'session.id',
      'ai.settings.context.sessionId': 'session.id',
      'ai.telemetry.metadata.userId': 'user.id',
      'ai.settings.context.userId': 'user.id',
      'ai.telemetry.metadata.agentId': 'agent.id',
      'ai.telemetry.functionId': 'agent.name',
      'ai.usage.inputTokens': 'tokens.input',
      'ai.usage.promptTokens': 'tokens.input',
      'ai.usage.outputTokens': 'tokens.output',
      'ai.usage.completionTokens': 'tokens.output',
      'ai.model.id': 'model',
      'ai.prompt': 'prompt',
      'ai.prompt.messages': 'prompt',
      'ai.response.text': 'completion',
    },
    operations: {
      'ai.toolCall': 'execute_tool',
      // The outer call spans sum their model calls' usage, like an agent span.
      'ai.generateText': 'invoke_agent',
      'ai.streamText': 'invoke_agent',
      'ai.generateObject': 'invoke_agent',
      'ai.streamObject': 'invoke_agent',
      'ai.generateText.doGenerate': 'chat',
      'ai.streamText.doStream': 'chat',
      'ai.generateObject.doGenerate': 'chat',
      'ai.streamObject.doStream': 'chat',
      'ai.embed': 'embeddings',
      'ai.embedMany': 'embeddings',
      'ai.embed.doEmbed': 'embeddings',
      'ai.embedMany.doEmbed': 'embeddings',
      agent_step: 'agent_step',
    },
  },
};
