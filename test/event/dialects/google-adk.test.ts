import t from 'tap';
import { normalized, spanEvents } from '../../helpers/otlp-json.js';

const TRACE = '6af7651916cd43dd8448eb211c80319c';
const origin = { resource: { 'service.name': 'adk-app' }, scope: 'gcp.vertex.agent' };

t.test('execute_tool with its args and response; invoke_agent carries the session', async (t) => {
  const [tool, agent] = spanEvents(origin, [
    {
      traceId: TRACE, spanId: 'a7ad6b7169203331', parentSpanId: 'f7ad6b7169203331', name: 'execute_tool run_command', start: '1787220000000000000', end: '1787220001000000000',
      attributes: {
        'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'run_command', 'gen_ai.tool.type': 'FunctionTool', 'gen_ai.tool.call.id': 'adk-1',
        'gcp.vertex.agent.tool_call_args': '{"command": "dd if=/dev/zero of=/dev/sda"}', 'gcp.vertex.agent.tool_response': '{"result": "done"}',
        'gcp.vertex.agent.llm_request': '{}', 'gcp.vertex.agent.llm_response': '{}',
      },
    },
    { traceId: TRACE, spanId: 'f7ad6b7169203331', name: 'invoke_agent ops_agent', start: '1787220000000000000', end: '1787220002000000000', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'ops_agent', 'gen_ai.conversation.id': 'adk-session-3' } },
  ]);
  t.same(normalized(tool), {
    operation: 'execute_tool',
    'tool.name': 'run_command',
    'tool.args': '{"command": "dd if=/dev/zero of=/dev/sda"}',
    'tool.result': '{"result": "done"}',
    command: 'dd if=/dev/zero of=/dev/sda',
    'agent.name': 'adk-app',
    dialect: 'google_adk',
  });
  t.same(normalized(agent), { operation: 'invoke_agent', 'session.id': 'adk-session-3', 'agent.id': 'ops_agent', 'agent.name': 'ops_agent', dialect: 'google_adk' });
});

t.test('content capture off: "{}" placeholders are absent', async (t) => {
  const [e] = spanEvents(origin, [{ traceId: TRACE, spanId: 'b7ad6b7169203331', name: 'execute_tool run_command', start: '1787220000000000000', end: '1787220001000000000', attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'run_command', 'gcp.vertex.agent.tool_call_args': '{}', 'gcp.vertex.agent.tool_response': '{}' } }]);
  t.same(normalized(e), { operation: 'execute_tool', 'tool.name': 'run_command', 'agent.name': 'adk-app', dialect: 'google_adk' });
});

t.test('call_llm: the framework is not the model vendor; the ADK session id', async (t) => {
  const [e] = spanEvents(origin, [{ traceId: TRACE, spanId: 'c7ad6b7169203331', name: 'call_llm', start: '1787220000000000000', end: '1787220001000000000', attributes: { 'gen_ai.system': 'gcp.vertex.agent', 'gen_ai.request.model': 'gemini-2.5-flash', 'gcp.vertex.agent.session_id': 'adk-session-3', 'gcp.vertex.agent.invocation_id': 'e-1', 'gen_ai.usage.input_tokens': 50, 'gen_ai.usage.output_tokens': 5 } }]);
  t.same(normalized(e), { operation: 'chat', 'session.id': 'adk-session-3', 'agent.name': 'adk-app', 'tokens.input': 50, 'tokens.output': 5, model: 'gemini-2.5-flash', dialect: 'google_adk' });
});
