import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { detectionsWritten, postTraces, startGateway } from '../helpers/gateway.js';

const RULE = 'rule test.rm { title: "rm" severity: high score: 70 when: command contains "rm -rf" }\n';

/** `bytes` of valid rules (each keyed on its own tool name), with `tail` appended. */
function bigRules(bytes: number, tail = ''): string {
  const rules: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const rule = `rule big.r${i} { title: "r${i}" severity: low score: 1 when: tool.name == "t${i}" and command matches /(?i)secret_${i}|forbidden_${i}/ }\n`;
    rules.push(rule);
    size += rule.length;
  }
  return rules.join('') + tail;
}

async function sdkBody(): Promise<Uint8Array> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'agent' }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.getTracer('t').startSpan('execute_tool bash', { attributes: { 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': JSON.stringify({ command: 'rm -rf /tmp/x' }) } }).end();
  await provider.forceFlush();
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}

/** Posts one request after another while `during` runs (at most 2,000); the statuses. */
async function trafficDuring(url: string, body: Uint8Array, during: Promise<unknown>): Promise<number[]> {
  let done = false;
  void during.finally(() => (done = true));
  const statuses: number[] = [];
  while (!done && statuses.length < 2_000) statuses.push(await postTraces(url, body));
  await during;
  return statuses;
}

t.test('a 10 MB rule file reloaded during traffic is refused with a clear error; ingest keeps serving', async (t) => {
  const { gateway, dir } = await startGateway(t, RULE);
  writeFileSync(join(dir, 'zz-big.rules'), bigRules(10 * 1024 * 1024));
  const statuses = await trafficDuring(gateway.addresses.http!, await sdkBody(), gateway.reloadRules());
  const status = (await (await fetch(`${gateway.addresses.admin}/admin/rules`)).json()) as { last_reload: { ok: boolean; diagnostics: string[] }; rules: { id: string }[] };
  t.equal(status.last_reload.ok, false);
  t.match(status.last_reload.diagnostics[0], /zz-big\.rules.*too-large: the rule set exceeds rules\.max_bytes \(2097152 bytes\)/);
  t.same(status.rules.map((r) => r.id), ['test.rm'], 'the running rules stay');
  t.ok(statuses.length >= 1 && statuses.every((s) => s === 200), 'requests were served during the reload');
  t.same(await detectionsWritten(dir), ['test.rm'], 'evaluated by the running rules (the same body again is a redelivery)');
});

t.test('a large rule set with an error is compiled off the event loop: ingest is served while it compiles', async (t) => {
  const { gateway, dir } = await startGateway(t, RULE, { max_bytes: 16 * 1024 * 1024 });
  writeFileSync(join(dir, 'zz-big.rules'), bigRules(128 * 1024, 'rule broken { title: "b" severity: low score: 1 when: commnd exists }\n'));
  const statuses = await trafficDuring(gateway.addresses.http!, await sdkBody(), gateway.reloadRules());
  const status = (await (await fetch(`${gateway.addresses.admin}/admin/rules`)).json()) as { last_reload: { ok: boolean; diagnostics: string[] }; rules: { id: string }[] };
  t.equal(status.last_reload.ok, false);
  t.match(status.last_reload.diagnostics.join('\n'), /unknown-field: unknown field `commnd`/);
  t.same(status.rules.map((r) => r.id), ['test.rm']);
  t.ok(statuses.length >= 10 && statuses.every((s) => s === 200), `the event loop kept serving while the worker compiled (${statuses.length} requests)`);
});
