import t from 'tap';
import { normalized, spanEvents } from '../../helpers/otlp-json.js';

const origin = { resource: { 'service.name': 'mcp-client' }, scope: 'mcp' };
const TRACE = '1af7651916cd43dd8448eb211c80319c';

t.test('tools/call client span: mcp.session.id is a transport session, not the conversation', async (t) => {
  const [e] = spanEvents(origin, [{
    traceId: TRACE, spanId: 'a7ad6b7169203331', name: 'tools/call run_query', kind: 3, start: '1787220000000000000', end: '1787220001000000000',
    attributes: {
      'mcp.method.name': 'tools/call', 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'run_query', 'mcp.session.id': '191c4850af6c49e08843a3f6c80e5046',
      'mcp.protocol.version': '2025-06-18', 'jsonrpc.request.id': '42', 'network.transport': 'tcp', 'server.address': 'db-mcp.internal', 'server.port': 8080,
      'gen_ai.tool.call.arguments': '{"sql":"DROP TABLE users"}', 'rpc.response.status_code': '-32602', 'error.type': '-32602',
    },
  }]);
  t.same(normalized(e), {
    operation: 'execute_tool',
    'tool.name': 'run_query',
    'tool.args': '{"sql":"DROP TABLE users"}',
    'url.host': 'db-mcp.internal',
    'db.query': 'DROP TABLE users',
    'agent.name': 'mcp-client',
    'error.code': '-32602',
    dialect: 'mcp',
  });
});

t.test('resources/read of a file URI is a file event; other methods keep their name', async (t) => {
  const [read, init] = spanEvents(origin, [
    { traceId: TRACE, spanId: 'b7ad6b7169203331', name: 'resources/read', start: '1787220000000000000', end: '1787220001000000000', attributes: { 'mcp.method.name': 'resources/read', 'mcp.resource.uri': 'file:///home/dev/.aws/credentials' } },
    { traceId: TRACE, spanId: 'c7ad6b7169203331', name: 'initialize', start: '1787220000000000000', end: '1787220001000000000', attributes: { 'mcp.method.name': 'initialize', 'mcp.session.id': 's' } },
  ]);
  t.equal(read.normalizedField('file.path'), '/home/dev/.aws/credentials');
  t.equal(read.normalizedField('operation'), 'read_resource');
  t.equal(init.normalizedField('operation'), 'initialize');
  t.equal(init.normalizedField('session.id'), undefined);
});
