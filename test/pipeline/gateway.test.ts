import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';

const RULE = `
rule test.shell_rm {
  title: "rm seen"
  severity: high
  score: 70
  tags: [AML.T0048, T1485]
  message: "rm by {tool.name}: {command}"
  actions: [alert]
  when: command contains "rm -rf"
}
`;

async function startGateway(t: Tap, rulesText: string, state: { max_groups?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gw-'));
  writeFileSync(join(dir, 'main.rules'), rulesText);
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } },
    admin: { port: 0 },
    rules: { paths: [dir], watch: false, state },
    alerts: { file: { path: join(dir, 'detections.jsonl') } },
    exporters: { 'file/local': { path: join(dir, 'telemetry.jsonl'), queue: { directory: join(dir, 'queue') }, batch: { flush_interval: '0ms' } } },
    logging: { level: 'silent' },
  });
  const gateway = await Gateway.start(config, { resolvePath: (p) => p, processMetrics: false });
  t.teardown(() => gateway.stop());
  return { gateway, dir };
}
type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

async function exportSpans(url: string, commands: string[]): Promise<{ spanIds: string[]; traceId: string }> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'agent' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
  });
  const tracer = provider.getTracer('test');
  const spanIds: string[] = [];
  let traceId = '';
  for (const command of commands) {
    const span = tracer.startSpan('execute_tool bash', { attributes: { 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': JSON.stringify({ command }), 'gen_ai.conversation.id': 's1' } });
    spanIds.push(span.spanContext().spanId);
    traceId = span.spanContext().traceId;
    span.end();
  }
  await provider.forceFlush();
  await provider.shutdown();
  return { spanIds, traceId };
}

t.test('spans exported by the SDK are evaluated, detections reach the file and the admin API', async (t) => {
  const { gateway, dir } = await startGateway(t, RULE);
  const { spanIds } = await exportSpans(gateway.addresses.http!, ['ls -la', 'rm -rf /', 'git status']);

  const recent = (await (await fetch(`${gateway.addresses.admin}/admin/detections`)).json()) as { detections: { ruleId: string; message: string; events: { spanId: string }[] }[] };
  t.equal(recent.detections.length, 1, 'one detection');
  t.equal(recent.detections[0].ruleId, 'test.shell_rm');
  t.equal(recent.detections[0].message, 'rm by bash: rm -rf /');
  t.same(recent.detections[0].events.map((e) => e.spanId), [spanIds[1]], 'names the span it involves');

  // The sink queued the detection durably before the 200; the delivery loop writes the file.
  const read = (): string[] => (existsSync(join(dir, 'detections.jsonl')) ? readFileSync(join(dir, 'detections.jsonl'), 'utf8').trim().split('\n') : []);
  for (let i = 0; i < 500 && read().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  const lines = read();
  t.equal(lines.length, 1);
  t.equal(JSON.parse(lines[0]).ruleId, 'test.shell_rm');

  const metrics = await (await fetch(`${gateway.addresses.admin}/metrics`)).text();
  t.match(metrics, /vigil_receiver_accepted_items_total\{signal="span",transport="http\/protobuf"\} 3/);
  t.match(metrics, /vigil_detections_total\{rule="test.shell_rm",severity="high"\} 1/);
  t.match(metrics, /vigil_rules_loaded\{kind="single"\} 1/);
});

t.test('a broken reload keeps the working rules and reports file:line:column', async (t) => {
  const { gateway, dir } = await startGateway(t, RULE);
  writeFileSync(join(dir, 'main.rules'), RULE.replace('command contains', 'commnd contains'));
  await gateway.reloadRules();
  const status = (await (await fetch(`${gateway.addresses.admin}/admin/rules`)).json()) as { last_reload: { ok: boolean; diagnostics: string[] }; rules: { id: string }[] };
  t.equal(status.last_reload.ok, false);
  t.match(status.last_reload.diagnostics[0], /main\.rules:9:9: error .*commnd/);
  t.same(status.rules.map((r) => r.id), ['test.shell_rm'], 'the old rule is still in force');
  await exportSpans(gateway.addresses.http!, ['rm -rf /home']);
  const recent = (await (await fetch(`${gateway.addresses.admin}/admin/detections`)).json()) as { detections: unknown[] };
  t.equal(recent.detections.length, 1, 'and still fires');
  const metrics = await (await fetch(`${gateway.addresses.admin}/metrics`)).text();
  t.match(metrics, /vigil_rules_last_reload_success 0/);
});

t.test('a rule set with errors stops startup with every error listed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gw-'));
  writeFileSync(join(dir, 'bad.rules'), RULE.replace('severity: high', 'severity: severe').replace('command contains', 'commnd contains'));
  const config = configFromObject({ receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } }, admin: { enabled: false }, rules: { paths: [dir], watch: false }, logging: { level: 'silent' }, alerts: { file: { enabled: false } } });
  const error = await Gateway.start(config, { resolvePath: (p) => p, processMetrics: false }).then(() => undefined, (e: Error) => e);
  t.match(error?.message, /bad\.rules:4:13: error bad-severity: unknown severity `severe`/);
  t.match(error?.message, /bad\.rules:9:9: error unknown-field: unknown field `commnd`; did you mean `command`/);
});

t.test('shutdown is idempotent and closes the listener', async (t) => {
  const { gateway } = await startGateway(t, RULE);
  const url = gateway.addresses.http!;
  await Promise.all([gateway.stop(), gateway.stop()]);
  await t.rejects(fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 'the listener is closed');
});

t.test('late events and state evictions are counted in /metrics', async (t) => {
  const THRESHOLD = 'rule test.calls {\n  title: "calls"\n  severity: low\n  score: 1\n  when: tool.name exists\n  threshold: count > 100 within 1m by session.id\n}\n';
  const { gateway } = await startGateway(t, THRESHOLD, { max_groups: 1 });
  const span = (id: string, session: string, timeNanos: string) => ({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: id,
    name: 'execute_tool bash',
    endTimeUnixNano: timeNanos,
    attributes: [{ key: 'gen_ai.tool.name', value: { stringValue: 'bash' } }, { key: 'session.id', value: { stringValue: session } }],
  });
  const post = (spans: object[]) =>
    fetch(`${gateway.addresses.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) });
  const now = BigInt(Date.now()) * 1_000_000n;
  t.equal((await post([span('0000000000000001', 'a', String(now)), span('0000000000000002', 'b', String(now))])).status, 200);
  t.equal((await post([span('0000000000000003', 'a', String(now - 600_000_000_000n))])).status, 200, 'ten minutes older than the newest, with 30 s lateness');
  const metrics = await (await fetch(`${gateway.addresses.admin}/metrics`)).text();
  t.match(metrics, /vigil_events_late_total\{signal="span"\} 1/);
  t.match(metrics, /vigil_rule_state_evictions_total\{kind="group"\} [1-9]/, 'two sessions in a store capped at one group');
});
