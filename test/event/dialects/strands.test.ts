import t from 'tap';
import { normalized, spanEvents } from '../../helpers/otlp-json.js';

const TRACE = '5af7651916cd43dd8448eb211c80319c';
const origin = { resource: { 'service.name': 'strands-agent' }, scope: 'strands.telemetry.tracer' };

t.test('execute_tool: arguments and result in legacy span events', async (t) => {
  const [e] = spanEvents(origin, [{
    traceId: TRACE, spanId: 'a7ad6b7169203331', parentSpanId: 'f7ad6b7169203331', name: 'execute_tool shell', start: '1787220000000000000', end: '1787220001000000000',
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.system': 'strands-agents', 'gen_ai.tool.name': 'shell', 'gen_ai.tool.call.id': 'tooluse_1', 'gen_ai.tool.status': 'success' },
    events: [
      { name: 'gen_ai.tool.message', time: '1787220000000000000', attributes: { role: 'tool', content: '{"command": "chmod u+s /bin/bash"}', id: 'tooluse_1' } },
      { name: 'gen_ai.choice', time: '1787220001000000000', attributes: { message: '[{"text": "ok"}]', id: 'tooluse_1' } },
    ],
  }]);
  t.same(normalized(e), {
    operation: 'execute_tool',
    'tool.name': 'shell',
    'tool.args': '{"command": "chmod u+s /bin/bash"}',
    'tool.result': '[{"text": "ok"}]',
    command: 'chmod u+s /bin/bash',
    'agent.name': 'strands-agent',
    dialect: 'strands',
  });
});

t.test('execute_tool in the latest conventions: the inference details span event', async (t) => {
  const [e] = spanEvents(origin, [{
    traceId: TRACE, spanId: 'b7ad6b7169203331', name: 'execute_tool file_read', start: '1787220000000000000', end: '1787220001000000000',
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.provider.name': 'strands-agents', 'gen_ai.tool.name': 'file_read' },
    events: [{
      name: 'gen_ai.client.inference.operation.details', time: '1787220001000000000',
      attributes: {
        'gen_ai.input.messages': '[{"role": "tool", "parts": [{"type": "tool_call", "name": "file_read", "id": "t2", "arguments": {"path": "/root/.ssh/id_ed25519"}}]}]',
        'gen_ai.output.messages': '[{"role": "tool", "parts": [{"type": "tool_call_response", "id": "t2", "response": [{"text": "-----BEGIN OPENSSH PRIVATE KEY-----"}]}]}]',
      },
    }],
  }]);
  t.equal(e.normalizedField('file.path'), '/root/.ssh/id_ed25519');
  t.equal(e.normalizedField('tool.result'), '[{"text":"-----BEGIN OPENSSH PRIVATE KEY-----"}]');
  t.equal(e.normalizedField('dialect'), 'strands');
});
