// Realistic agent telemetry for the benchmarks: export requests of 100 spans each, made by the
// real OpenTelemetry SDK and serialized by @opentelemetry/otlp-transformer, as an agent sends them.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

const COMMANDS = ['ls -la src', 'npm test', 'git status', 'cat README.md', 'grep -rn TODO src', 'python3 -m pytest -q', 'curl -s https://api.github.com/repos/x/y', 'rm -rf ./build'];
const PATHS = ['src/index.ts', 'README.md', 'package.json', 'docs/guide.md', 'test/app.test.ts'];
const URLS = ['https://api.github.com/repos/acme/app', 'https://pypi.org/simple/requests/', 'https://registry.npmjs.org/left-pad'];

function agentSpans(tracer, session, i) {
  const root = tracer.startSpan('invoke_agent coder', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'coder', 'gen_ai.agent.id': `agent-${session % 7}`, 'gen_ai.conversation.id': `session-${session}` } });
  const chat = tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1200 + i, 'gen_ai.usage.output_tokens': 80, 'gen_ai.conversation.id': `session-${session}`, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Please fix the failing test in src/app.ts and run the suite.' }] }]) } });
  chat.end();
  const kind = i % 3;
  const args = kind === 0 ? { command: COMMANDS[i % COMMANDS.length] } : kind === 1 ? { path: PATHS[i % PATHS.length] } : { url: URLS[i % URLS.length], method: 'GET' };
  const tool = tracer.startSpan(`execute_tool ${kind === 0 ? 'bash' : kind === 1 ? 'read_file' : 'http_get'}`, {
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': kind === 0 ? 'bash' : kind === 1 ? 'read_file' : 'http_get',
      'gen_ai.tool.call.id': `call_${session}_${i}`,
      'gen_ai.tool.call.arguments': JSON.stringify(args),
      'gen_ai.tool.call.result': 'ok: 42 lines',
      'gen_ai.conversation.id': `session-${session}`,
      'gen_ai.agent.id': `agent-${session % 7}`,
    },
  });
  tool.end();
  root.end();
}

const nanosOf = (hr) => BigInt(hr[0]) * 1_000_000_000n + BigInt(hr[1]);

/** Where each span's start and end time (fixed64, little-endian) sit in the encoded body: every occurrence. */
function timeOffsets(body, spans) {
  const base = nanosOf(spans[0].startTime);
  const times = new Set(spans.flatMap((span) => [nanosOf(span.startTime), nanosOf(span.endTime)]));
  const offsets = [];
  for (const time of times) {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(time);
    for (let at = body.indexOf(bytes); at >= 0; at = body.indexOf(bytes, at + 8)) offsets.push({ at, delta: time - base });
  }
  return offsets;
}

/**
 * Rewrites a body's span times to now (keeping their spacing), in place: an agent's telemetry
 * carries fresh times, and replaying stale ones would make every request out of order.
 */
export function restamp(payload) {
  const base = BigInt(Date.now()) * 1_000_000n;
  for (const { at, delta } of payload.offsets) payload.body.writeBigUInt64LE(base + delta, at);
  return payload.body;
}

/** `count` distinct protobuf bodies of `spansPerRequest` spans each, with their time offsets. */
export function makeTimedPayloads(count = 16, spansPerRequest = 100) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'coding-agent', 'service.version': '1.4.2', 'telemetry.sdk.language': 'python' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('agent-framework', '0.9.0');
  const bodies = [];
  for (let b = 0; b < count; b++) {
    exporter.reset();
    for (let i = 0; exporter.getFinishedSpans().length < spansPerRequest; i++) agentSpans(tracer, b * 31 + (i % 5), i);
    const spans = exporter.getFinishedSpans().slice(0, spansPerRequest);
    const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans));
    bodies.push({ body, offsets: timeOffsets(body, spans) });
  }
  return bodies;
}

/** `count` distinct protobuf bodies, times as made. */
export function makePayloads(count = 16, spansPerRequest = 100) {
  return makeTimedPayloads(count, spansPerRequest).map((p) => p.body);
}
