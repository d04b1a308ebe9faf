import type { Dialect } from './dialect.js';

const JSON_OBJECT = /^\s*\{/;

/**
 * Structured audit logs: a log record whose body is a map, or a JSON object in a string, with the
 * usual field names (`{"session_id": …, "agent_id": …, "command": …}`).
 */
export const jsonLog: Dialect = {
  name: 'json_log',
  source: 'structured audit logs of agent runners: a JSON body with session_id, agent_id, command (no product of its own)',
  detect: {
    test: (event) => {
      const body = event.logBody;
      return (typeof body === 'string' && JSON_OBJECT.test(body)) || (body !== null && typeof body === 'object' && !Array.isArray(body));
    },
  },
  map: {
    body: {
      session_id: 'session.id',
      sessionid: 'session.id',
      'session.id': 'session.id',
      conversation_id: 'session.id',
      thread_id: 'session.id',
      agent_id: 'agent.id',
      agentid: 'agent.id',
      'agent.id': 'agent.id',
      agent: 'agent.name',
      agent_name: 'agent.name',
      'agent.name': 'agent.name',
      user_id: 'user.id',
      userid: 'user.id',
      'user.id': 'user.id',
      user: 'user.id',
      command: 'command',
      cmd: 'command',
      command_line: 'command',
      tool: 'tool.name',
      tool_name: 'tool.name',
      arguments: 'tool.args',
      args: 'tool.args',
      tool_input: 'tool.args',
      input: 'tool.args',
      output: 'tool.result',
      result: 'tool.result',
      path: 'file.path',
      file: 'file.path',
      file_path: 'file.path',
      url: 'url',
      host: 'url.host',
      method: 'http.method',
      status_code: 'http.status_code',
      exit_code: 'process.exit_code',
      model: 'model',
      prompt: 'prompt',
      response: 'completion',
      completion: 'completion',
      query: 'db.query',
      sql: 'db.query',
      error: 'error.code',
      error_code: 'error.code',
      operation: 'operation',
    },
  },
};
