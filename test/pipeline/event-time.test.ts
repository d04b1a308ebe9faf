import t from 'tap';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { detectionsWritten, postTraces, startGateway } from '../helpers/gateway.js';

const RULES = `rule test.burst { title: "burst" severity: medium score: 40 when: tool.name == "bash"
  threshold: count >= 100 within 1m by session.id }`;

/** An SDK-serialized request of `count` bash calls of one session, ending `aheadMs` after now. */
async function calls(session: string, count: number, aheadMs = 0): Promise<Uint8Array> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'agent' }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.now() + aheadMs);
    tracer.startSpan('execute_tool bash', { startTime: at, attributes: { 'gen_ai.tool.name': 'bash', 'gen_ai.conversation.id': session } }).end(at);
  }
  await provider.forceFlush();
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}

t.test('one span ten years ahead cannot silence the thresholds of real events', async (t) => {
  const { gateway, dir } = await startGateway(t, RULES);
  const url = gateway.addresses.http!;
  t.equal(await postTraces(url, await calls('attacker', 1, 10 * 365 * 24 * 3600_000)), 200);
  t.equal(await postTraces(url, await calls('victim', 110)), 200);
  t.same(await detectionsWritten(dir), ['test.burst'], "the victim's burst raised its threshold");
  const metrics = await (await fetch(`${gateway.addresses.admin}/metrics`)).text();
  t.match(metrics, /vigil_events_future_total 1/);
  t.match(metrics, /vigil_events_late_total\{signal="span"\} 0|^(?![\s\S]*vigil_events_late_total\{)/, 'no real event was late');
});
