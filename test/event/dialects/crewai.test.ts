import t from 'tap';
import { logEvents, normalized, spanEvents } from '../../helpers/otlp-json.js';

const TRACE = '7af7651916cd43dd8448eb211c80319c';
const origin = { resource: { 'service.name': 'crew' }, scope: 'crewai.telemetry' };

t.test('"call tool" span and its mirrored log record', async (t) => {
  const attrs = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'file_writer', 'gen_ai.tool.type': 'function', 'gen_ai.tool.call.arguments': '{"filename": "/etc/sudoers.d/crew", "content": "crew ALL=(ALL) NOPASSWD: ALL"}', 'crewai.event_name': 'tool_usage_started', 'crewai.agent.role': 'Ops Engineer', 'crewai.agent.key': 'ops_1' };
  const [span] = spanEvents(origin, [{ traceId: TRACE, spanId: 'a7ad6b7169203331', parentSpanId: 'f7ad6b7169203331', name: 'call tool', start: '1787220000000000000', end: '1787220001000000000', attributes: attrs }]);
  const expected = { operation: 'execute_tool', 'tool.name': 'file_writer', 'tool.args': attrs['gen_ai.tool.call.arguments'], 'file.path': '/etc/sudoers.d/crew', 'agent.id': 'ops_1', 'agent.name': 'Ops Engineer', dialect: 'crewai' };
  t.same(normalized(span), expected);
  const [log] = logEvents(origin, [{ time: '1787220000000000000', body: 'Tool execution started: file_writer', attributes: attrs }]);
  t.same(normalized(log), expected);
});
