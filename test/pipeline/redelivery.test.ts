import t from 'tap';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { detectionsWritten, postTraces, startGateway } from '../helpers/gateway.js';

const RULES = `
rule test.rm { title: "rm" severity: high score: 70 when: command contains "rm -rf" }
rule test.burst { title: "burst" severity: medium score: 40 when: tool.name == "bash"
  threshold: count >= 3 within 1m by session.id }
`;

/** One export request as the OpenTelemetry SDK serializes it: three bash calls of one session. */
async function sdkBody(): Promise<Uint8Array> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'agent' }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  for (const command of ['ls', 'rm -rf /tmp/x', 'git status']) {
    tracer.startSpan('execute_tool bash', { attributes: { 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': JSON.stringify({ command }), 'gen_ai.conversation.id': 's1' } }).end();
  }
  await provider.forceFlush();
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}

t.test('the same batch posted twice raises each detection once and counts each event once', async (t) => {
  const { gateway, dir } = await startGateway(t, RULES);
  const body = await sdkBody();
  t.equal(await postTraces(gateway.addresses.http!, body), 200);
  t.same((await detectionsWritten(dir, 2)).sort(), ['test.burst', 'test.rm']);
  t.equal(await postTraces(gateway.addresses.http!, body), 200, 'the retry is accepted');
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.same((await detectionsWritten(dir, 3)).sort(), ['test.burst', 'test.rm'], 'and raises nothing new');
  const metrics = await (await fetch(`${gateway.addresses.admin}/metrics`)).text();
  t.match(metrics, /vigil_events_redelivered_total 3/);
  t.match(metrics, /vigil_detections_total\{rule="test.burst",severity="medium"\} 1/);
});
