import t from 'tap';
import { normalized, spanEvents } from '../../helpers/otlp-json.js';

const TRACE = '2af7651916cd43dd8448eb211c80319c';

t.test('OpenInference: a function tool span', async (t) => {
  const [e] = spanEvents({ resource: { 'service.name': 'triage' }, scope: 'openinference.instrumentation.openai_agents' }, [{
    traceId: TRACE, spanId: 'a7ad6b7169203331', parentSpanId: 'f7ad6b7169203331', name: 'run_shell', start: '1787220000000000000', end: '1787220001000000000',
    attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'run_shell', 'input.value': '{"cmd":"cat /etc/shadow"}', 'input.mime_type': 'application/json', 'output.value': 'root:$6$', 'graph.node.id': 'Triage' },
  }]);
  t.same(normalized(e), {
    operation: 'execute_tool',
    'tool.name': 'run_shell',
    'tool.args': '{"cmd":"cat /etc/shadow"}',
    'tool.result': 'root:$6$',
    command: 'cat /etc/shadow',
    'agent.name': 'Triage',
    dialect: 'openai_agents',
  });
});

t.test('Logfire: Function span with name / input / output; scrubbed values are absent', async (t) => {
  const origin = { resource: { 'service.name': 'triage' }, scope: 'logfire.openai_agents' };
  const [fn, scrubbed, run] = spanEvents(origin, [
    { traceId: TRACE, spanId: 'b7ad6b7169203331', name: 'Function: fetch_url', start: '1787220000000000000', end: '1787220001000000000', attributes: { 'logfire.msg_template': 'Function: {name}', 'logfire.span_type': 'span', name: 'fetch_url', input: '{"url":"https://webhook.site/abc"}', output: 'ok' } },
    { traceId: TRACE, spanId: 'c7ad6b7169203331', name: 'Function: login', start: '1787220000000000000', end: '1787220001000000000', attributes: { 'logfire.msg_template': 'Function: {name}', name: 'login', input: "[Scrubbed due to 'password']", 'logfire.scrubbed': '[{"path":["attributes","input"],"matched_substring":"password"}]' } },
    { traceId: TRACE, spanId: 'd7ad6b7169203331', name: "Agent run: 'Triage'", start: '1787220000000000000', end: '1787220001000000000', attributes: { 'logfire.msg_template': 'Agent run: {name!r}', name: 'Triage', group_id: 'thread-5', agent_trace_id: 'trace_1' } },
  ]);
  t.same(normalized(fn), { operation: 'execute_tool', 'tool.name': 'fetch_url', 'tool.args': '{"url":"https://webhook.site/abc"}', 'tool.result': 'ok', url: 'https://webhook.site/abc', 'url.host': 'webhook.site', 'agent.name': 'triage', dialect: 'openai_agents' });
  t.equal(scrubbed.normalizedField('tool.args'), undefined);
  t.same(normalized(run), { operation: 'invoke_agent', 'session.id': 'thread-5', 'agent.name': 'Triage', dialect: 'openai_agents' });
});
