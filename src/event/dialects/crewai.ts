import type { Dialect } from './dialect.js';

/** CrewAI first-party tracing (`crewai/telemetry/tracing`), spans and the log records it mirrors them to. */
export const crewai: Dialect = {
  name: 'crewai',
  source: 'crewAIInc/crewAI lib/crewai/src/crewai/telemetry/tracing/semantic_conventions.py @7f575a1, handlers.py @0780f74',
  detect: {
    scopes: ['crewai'],
    markers: ['crewai.event_name', 'crewai.subject', 'crewai.agent.role', 'crewai.agent.key', 'crewai.task.id', 'crewai.crew.id'],
  },
  map: {
    attributes: {
      'crewai.agent.role': 'agent.name',
      'crewai.agent.key': 'agent.id',
      'gen_ai.usage.reasoning_tokens': null,
    },
    operations: {
      'call tool': 'execute_tool',
      execute_task: 'task',
      execute_method: 'task',
    },
  },
};
