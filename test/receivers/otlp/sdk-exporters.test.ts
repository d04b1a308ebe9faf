import t from 'tap';
import { context, trace, SpanKind, SpanStatusCode, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as LogsGrpc } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as TraceGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as TraceJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as TraceProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { AgentEvent } from '../../../src/event/index.js';
import { startReceivers, type TestReceivers } from '../../helpers/otlp-receivers.js';

// The real OpenTelemetry JS SDK exporters, each transport with and without gzip: what an agent
// sends must come out of the events exactly.

type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

const resource = resourceFromAttributes({ 'service.name': 'coding-agent', 'deployment.environment': 'test', 'host.cores': 8 });
const nanos = (time: HrTime): string => (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();

function makeSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('agent-framework', '0.9.0');
  const root = tracer.startSpan('invoke_agent coder', { kind: SpanKind.SERVER, attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  const tool = tracer.startSpan(
    'execute_tool bash',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.tool.name': 'bash',
        'gen_ai.tool.call.arguments': '{"command":"rm -rf /tmp/x"}',
        'gen_ai.usage.input_tokens': 1234,
        'probe.ratio': 0.25,
        'probe.flag': true,
        'probe.tags': ['alpha', 'beta'],
        'probe.ints': [3, 5, 8],
      },
    },
    trace.setSpan(context.active(), root),
  );
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'exit code 1' });
  tool.end();
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
  return memory.getFinishedSpans();
}

function makeLogs(): ReadableLogRecord[] {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  const logger = provider.getLogger('agent-framework', '0.9.0');
  logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'tool call refused', timestamp: 1_700_000_000_123, attributes: { 'session.id': 's-1', attempt: 2 } });
  logger.emit({
    eventName: 'gen_ai.user.message',
    severityNumber: SeverityNumber.INFO,
    body: { content: 'run the tests', turn: 3, nested: { ok: true } },
    timestamp: 1_700_000_001_000,
  });
  return memory.getFinishedLogRecords();
}

async function send<T>(exporter: { export(items: T[], done: (r: { code: number; error?: Error }) => void): void; shutdown(): Promise<void> }, items: T[]): Promise<number> {
  try {
    const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(items, resolve));
    if (result.error) throw result.error;
    return result.code;
  } finally {
    await exporter.shutdown();
  }
}

function checkSpans(t: Tap, events: AgentEvent[], spans: ReadableSpan[]): void {
  t.equal(events.length, spans.length, 'one event per span');
  for (const span of spans) {
    const event = events.find((e) => e.spanId === span.spanContext().spanId);
    if (!t.ok(event, `span ${span.name} arrived`) || event === undefined) continue;
    t.equal(event.name, span.name);
    t.equal(event.traceId, span.spanContext().traceId);
    t.equal(event.parentSpanId, span.parentSpanContext?.spanId ?? '');
    t.equal(event.timeUnixNano, nanos(span.endTime), 'end time to the nanosecond');
    t.equal(event.scope?.name, 'agent-framework');
    t.equal(event.resourceAttribute('service.name'), 'coding-agent');
    t.equal(event.resourceAttribute('host.cores'), 8);
  }
  const tool = events.find((e) => e.name === 'execute_tool bash');
  const root = events.find((e) => e.name === 'invoke_agent coder');
  t.equal(tool?.kind, 'client');
  t.equal(root?.kind, 'server');
  t.equal(tool?.statusCode, 'error');
  t.equal(tool?.statusMessage, 'exit code 1');
  t.equal(root?.statusCode, 'ok');
  t.equal(tool?.attribute('gen_ai.tool.name'), 'bash');
  t.equal(tool?.attribute('gen_ai.usage.input_tokens'), 1234);
  t.equal(tool?.attribute('probe.ratio'), 0.25);
  t.equal(tool?.attribute('probe.flag'), true);
  t.same(tool?.attribute('probe.tags'), ['alpha', 'beta']);
  t.same(tool?.attribute('probe.ints'), [3, 5, 8]);
  t.equal(tool?.normalizedField('command'), 'rm -rf /tmp/x');
}

function checkLogs(t: Tap, events: AgentEvent[], records: ReadableLogRecord[]): void {
  t.equal(events.length, 2, 'one event per log record');
  const [warn, message] = events;
  t.equal(warn.body, 'tool call refused');
  t.equal(warn.severityNumber, 13);
  t.equal(warn.severityText, 'WARN');
  t.equal(warn.timeUnixNano, nanos(records[0].hrTime));
  t.equal(warn.timeMs, 1_700_000_000_123);
  t.equal(warn.attribute('session.id'), 's-1');
  t.equal(warn.attribute('attempt'), 2);
  t.equal(warn.resourceAttribute('service.name'), 'coding-agent');
  t.equal(message.eventName, 'gen_ai.user.message');
  t.equal(message.severityNumber, 9);
  t.same(message.body, { content: 'run the tests', turn: 3, nested: { ok: true } });
  t.equal(message.timeMs, 1_700_000_001_000);
  t.equal(message.normalizedField('prompt'), 'run the tests', 'a gen_ai.user.message body gives its content as the prompt');
}

const TRANSPORTS = [
  { name: 'http/protobuf', traces: TraceProto, logs: LogsProto, url: (r: TestReceivers, path: string) => `${r.httpUrl}${path}` },
  { name: 'http/json', traces: TraceJson, logs: LogsJson, url: (r: TestReceivers, path: string) => `${r.httpUrl}${path}` },
  { name: 'grpc', traces: TraceGrpc, logs: LogsGrpc, url: (r: TestReceivers) => `http://${r.grpcTarget}` },
] as const;

for (const transport of TRANSPORTS) {
  for (const compression of ['none', 'gzip'] as const) {
    t.test(`${transport.name}, compression ${compression}`, async (t) => {
      const receivers = await startReceivers();
      t.teardown(receivers.close);
      // The exporters' CompressionAlgorithm enum holds exactly these strings.
      const config = (path: string) => ({ url: transport.url(receivers, path), compression: compression as never, timeoutMillis: 5000 });

      const spans = makeSpans();
      t.equal(await send(new transport.traces(config('/v1/traces')), spans), 0, 'trace export succeeded');
      t.equal(receivers.consumer.batches[0]?.transport, transport.name);
      t.equal(receivers.consumer.batches[0]?.signal, 'span');
      checkSpans(t, receivers.consumer.events, spans);

      const records = makeLogs();
      receivers.consumer.batches.length = 0;
      t.equal(await send(new transport.logs(config('/v1/logs')), records), 0, 'log export succeeded');
      t.equal(receivers.consumer.batches[0]?.signal, 'log');
      checkLogs(t, receivers.consumer.events, records);
      if (transport.name !== 'grpc') t.same(receivers.contentEncodings, compression === 'gzip' ? ['gzip', 'gzip'] : ['', ''], 'bodies went as configured');
    });
  }
}
