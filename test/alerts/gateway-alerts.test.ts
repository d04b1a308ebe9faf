import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { until } from '../helpers/alert-sinks.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { inside } from '../helpers/paths.js';

const RULE = `
rule test.shell_rm {
  title: "rm seen"
  severity: high
  score: 70
  tags: [T1485]
  message: "rm by {tool.name}"
  actions: [alert]
  when: command contains "rm -rf"
}
`;

t.test('alerts.sinks: a detection made from SDK spans reaches a webhook once, with its context, through a 503', async (t) => {
  const receiver = await HttpReceiver.start();
  t.teardown(() => receiver.close());
  receiver.plan({ status: 503 });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-alerts-'));
  writeFileSync(join(dir, 'main.rules'), RULE);
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } },
    admin: { enabled: false },
    rules: { paths: [dir], watch: false },
    alerts: {
      file: { path: join(dir, 'detections.jsonl') },
      sinks: { 'webhook/soc': { endpoint: `${receiver.url}/hook`, queue: { directory: join(dir, 'queue') }, retry: { initial_interval: '20ms' } } },
    },
    exporters: { 'file/local': { path: join(dir, 'telemetry.jsonl'), queue: { directory: join(dir, 'queue') } } },
    logging: { level: 'silent' },
  });
  const gateway = await Gateway.start(config, { resolvePath: inside(dir), processMetrics: false });
  t.teardown(() => gateway.stop());

  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'agent' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${gateway.addresses.http}/v1/traces` }))],
  });
  const tracer = provider.getTracer('test');
  for (const command of ['ls', 'rm -rf /', 'rm -rf /tmp']) {
    tracer.startSpan('execute_tool bash', { attributes: { 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': JSON.stringify({ command }), 'gen_ai.conversation.id': 's1' } }).end();
  }
  await provider.forceFlush();
  await provider.shutdown();

  await until(() => receiver.accepted.length === 1, 'the alert');
  const alert = JSON.parse(receiver.accepted[0].body.toString()) as { key: string; count: number; context: Record<string, string>; detection: { ruleId: string } };
  t.equal(alert.detection.ruleId, 'test.shell_rm');
  t.equal(alert.count, 1, 'the second rm is folded (same rule, no group)');
  t.equal(alert.context.command, 'rm -rf /');
  t.equal(alert.context.session, 's1');
  t.equal(alert.context.tool, 'bash');
  t.match(alert.context.traceId, /^[0-9a-f]{32}$/);
  t.equal(receiver.requests.length, 2, 'the 503, then the delivery');
});

t.test('an alert sink section with an unknown key or type stops startup with its path', async (t) => {
  const base = { receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } }, admin: { enabled: false }, logging: { level: 'silent' } };
  await t.rejects(Gateway.start(configFromObject({ ...base, alerts: { sinks: { 'webhook/x': { secrets: 'typo' } } } }), { resolvePath: (p) => p, processMetrics: false }), /\/alerts\/sinks\/webhook\/x\/secrets: Unexpected property/);
  await t.rejects(Gateway.start(configFromObject({ ...base, alerts: { sinks: { 'teams/x': {} } } }), { resolvePath: (p) => p, processMetrics: false }), /unknown alert sink type teams/);
});
