import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { runCli } from '../helpers/cli.js';
import { postJson, startTestGateway } from '../helpers/enforce-gateway.js';

// The whole loop with the shipped rules: an agent's spans (real OTel SDK exporter) reach Vigil,
// the escalation rule (three flagged actions) pauses the session, the next pre-action check is
// denied, and `vigil session resume` with the gateway's configuration lets it act again.

const SESSION = 'sess-e2e-1';
const FLAGGED = ['cat ~/.aws/credentials', 'cat ~/.ssh/id_rsa', 'cat /etc/shadow'];

async function exportToolSpans(url: string, commands: readonly string[]): Promise<void> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'coding-agent' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
  });
  const tracer = provider.getTracer('agent');
  for (const command of commands) {
    tracer.startSpan('execute_tool bash', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': JSON.stringify({ command }), 'gen_ai.conversation.id': SESSION } }).end();
  }
  await provider.forceFlush();
  await provider.shutdown();
}

const check = (ingest: string, command: string) =>
  postJson(`${ingest}/v1/check`, { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': JSON.stringify({ command }), 'gen_ai.conversation.id': SESSION } });

t.test('escalation pauses the session; resume through the CLI allows it again', async (t) => {
  const { ingest, admin, dir } = await startTestGateway(t);
  t.equal((await check(ingest, 'ls -la')).body.decision, 'allow', 'before: allowed');

  await exportToolSpans(ingest, FLAGGED);
  const detections = (await (await fetch(`${admin}/admin/v1/detections?rule=vigil.sequence.flagged_actions_escalation`)).json()) as { total: number };
  t.equal(detections.total, 1, 'the escalation rule fired once');

  const denied = await check(ingest, 'ls -la');
  t.equal(denied.body.decision, 'deny', 'the next check of the session is denied');
  t.match(denied.body.reasons, [{ type: 'flag', scope: 'session', id: SESSION, kind: 'pause', actor: 'rule:vigil.sequence.flagged_actions_escalation' }]);
  t.equal((await check(ingest, 'ls -la').then((r) => r.body.decision)), 'deny', 'and stays denied');

  const config = join(dir, 'cli.yaml');
  const port = new URL(admin).port;
  writeFileSync(config, `admin:\n  host: 127.0.0.1\n  port: ${port}\nrules:\n  paths: []\n`);
  const listed = await runCli(['sessions', '--config', config]);
  t.equal(listed.code, 0, listed.stderr);
  t.match(listed.stdout, new RegExp(`${SESSION}\\s+100\\s+\\d+\\s+paused`), 'vigil sessions shows the paused session first');

  const resumed = await runCli(['session', 'resume', SESSION, '--config', config]);
  t.equal(resumed.code, 0, resumed.stderr);
  t.match(resumed.stdout, `session ${SESSION}: resumed`);
  t.equal((await check(ingest, 'ls -la')).body.decision, 'allow', 'after resume: allowed again');

  const paused = await runCli(['session', 'pause', SESSION, '--reason', 'manual review', '--config', config]);
  t.equal(paused.code, 0, paused.stderr);
  t.match((await check(ingest, 'ls -la')).body, { decision: 'deny', reasons: [{ type: 'flag', reason: 'manual review', actor: 'admin:local' }] });
  const missingReason = await runCli(['session', 'pause', SESSION, '--config', config]);
  t.equal(missingReason.code, 1);
  t.match(missingReason.stderr, /--reason TEXT is required/);
});
