import type { Dialect } from './dialect.js';

/** LangSmith SDK OTel export (`LANGSMITH_OTEL_ENABLED`). */
export const langsmith: Dialect = {
  name: 'langsmith',
  source: 'langchain-ai/langsmith-sdk python/langsmith/_internal/otel/_otel_exporter.py @05fd22e; docs.langchain.com/langsmith/threads',
  detect: {
    scopes: ['langsmith'],
    markers: ['langsmith.span.kind', 'langsmith.trace.name', 'langsmith.span.id'],
  },
  map: {
    attributes: {
      'langsmith.span.kind': 'operation',
      'langsmith.metadata.thread_id': 'session.id',
      'langsmith.metadata.session_id': 'session.id',
      'langsmith.metadata.conversation_id': 'session.id',
      'langsmith.metadata.user_id': 'user.id',
      // The LangSmith project, not a conversation.
      'langsmith.trace.session_id': null,
      'gen_ai.prompt': null,
      'gen_ai.completion': null,
    },
    operations: {
      llm: 'chat',
      tool: 'execute_tool',
      retriever: 'retrieval',
      chain: 'chain',
      prompt: 'prompt',
      parser: 'parser',
      embedding: 'embeddings',
    },
    derive(ctx) {
      // `gen_ai.prompt` / `gen_ai.completion` are the run's whole inputs and outputs.
      const inputs = ctx.event.attribute('gen_ai.prompt');
      const outputs = ctx.event.attribute('gen_ai.completion');
      const operation = ctx.get('operation');
      if (operation === 'execute_tool') {
        ctx.set('tool.name', ctx.event.attribute('gen_ai.serialized.name') ?? ctx.event.name);
        ctx.set('tool.args', inputs);
        ctx.set('tool.result', outputs);
      } else if (operation === 'retrieval') {
        ctx.set('prompt', inputs);
        ctx.set('document', outputs);
      } else {
        ctx.set('prompt', inputs);
        ctx.set('completion', outputs);
      }
    },
  },
};
