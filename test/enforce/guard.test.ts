import t from 'tap';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ActionDenied, guardTool } from '../../src/index.js';
import { postJson, startTestGateway } from '../helpers/enforce-gateway.js';

const RULES = `
rule t.root { title: "root delete" severity: critical score: 95 actions: [deny] message: "no" when: command contains "rm -rf /" }
rule t.rate { title: "rate" severity: low score: 10 actions: [deny] when: command exists threshold: count > 2 within 1m by session.id }
`;

t.test('a guarded tool is checked before and reported after, counted once', async (t) => {
  const { ingest } = await startTestGateway(t, { rules: RULES });
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${ingest}/v1/traces` }))] });
  t.teardown(() => provider.shutdown());
  const ran: string[] = [];
  const shell = guardTool('bash', async (command: string) => {
    ran.push(command);
    return `ran ${command}`;
  }, { url: ingest, attributes: { 'gen_ai.conversation.id': 'g-1' }, describe: ([command]) => ({ 'process.command_line': String(command) }), tracer: provider.getTracer('agent') });

  t.equal(await shell('ls'), 'ran ls');
  await t.rejects(shell('rm -rf /'), ActionDenied, 'a denied call throws');
  t.same(ran, ['ls'], 'and never runs');
  await provider.forceFlush(); // the span of `ls` reaches Vigil with its decision id
  t.equal(await shell('pwd'), 'ran pwd', 'ls counted once (check + its span): 2 calls, within the limit');
  await t.rejects(shell('whoami'), /policy blocked/, 'the third call exceeds the limit; the message is for the model');

  const offline = guardTool('bash', async () => 'ran', { url: 'http://127.0.0.1:1', timeoutMs: 200 });
  await t.rejects(offline(), /could not check/, 'fail-closed when Vigil is unreachable');
  t.equal((await postJson(`${ingest}/v1/check`, { attributes: { 'process.command_line': 'x', 'gen_ai.conversation.id': 'g-2' } })).body.decision, 'allow');
});
