import t from 'tap';
import { TraceIdentity } from '../../src/pipeline/trace-identity.js';
import { spanEvents, type SpanCase } from '../helpers/otlp-json.js';

const origin = { resource: { 'service.name': 'svc' }, scope: 'genai' };
const TRACE = '8af7651916cd43dd8448eb211c80319c';
const ROOT = 'f7ad6b7169203331';
const span = (spanId: string, endSec: number, attributes: SpanCase['attributes'], parent: string | null = ROOT, traceId = TRACE): SpanCase => ({
  traceId, spanId, ...(parent !== null && { parentSpanId: parent }), name: 'execute_tool bash', start: `${endSec - 1}000000000`, end: `${endSec}000000000`, attributes,
});
const child = () => spanEvents(origin, [span('a7ad6b7169203331', 1787220001, { 'gen_ai.tool.name': 'bash' })]);
const root = () => spanEvents(origin, [span(ROOT, 1787220009, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.conversation.id': 'conv-1', 'user.id': 'alice' }, null)]);

t.test('a child that arrives before its root waits for it and gets its session and user', async (t) => {
  const memory = new TraceIdentity({ waitMs: 15_000 });
  const [early] = child();
  t.same(memory.admit([early]), [], 'held: its trace has no session yet');
  const [late] = root();
  const ready = memory.admit([late]);
  t.same(ready.map((e) => e.spanId), ['a7ad6b7169203331', ROOT], 'released with the root');
  t.equal(early.normalizedField('session.id'), 'conv-1');
  t.equal(early.normalizedField('user.id'), 'alice');
});

t.test('a root in the same batch as its children, and children after a known root', async (t) => {
  const memory = new TraceIdentity({ waitMs: 15_000 });
  const [early] = child();
  const [r] = root();
  t.equal(memory.admit([early, r]).length, 2);
  t.equal(early.normalizedField('session.id'), 'conv-1');
  const [later] = child();
  t.equal(memory.admit([later])[0], later, 'not held: the trace is known');
  t.equal(later.normalizedField('session.id'), 'conv-1');
});

t.test('an event with its own session keeps it', async (t) => {
  const memory = new TraceIdentity({ waitMs: 15_000 });
  memory.admit(root());
  const [own] = spanEvents(origin, [span('b7ad6b7169203331', 1787220002, { 'gen_ai.tool.name': 'bash', 'session.id': 'mine' })]);
  memory.admit([own]);
  t.equal(own.normalizedField('session.id'), 'mine');
});

t.test('a root without a session releases its children unresolved; the wait is bounded in event time', async (t) => {
  const memory = new TraceIdentity({ waitMs: 15_000 });
  const [early] = child();
  memory.admit([early]);
  const [bare] = spanEvents(origin, [span(ROOT, 1787220009, { 'gen_ai.operation.name': 'invoke_agent' }, null)]);
  t.same(memory.admit([bare]).map((e) => e.spanId), ['a7ad6b7169203331', ROOT]);
  t.equal(early.normalizedField('session.id'), undefined);

  const waiting = new TraceIdentity({ waitMs: 15_000 });
  const [orphan] = child();
  waiting.admit([orphan]);
  const [other] = spanEvents(origin, [span('c7ad6b7169203331', 1787220030, { 'session.id': 's2' }, null, '9af7651916cd43dd8448eb211c80319c')]);
  t.same(waiting.admit([other]).map((e) => e.spanId), ['c7ad6b7169203331', 'a7ad6b7169203331'], 'let go once event time passed the wait');
  t.same(waiting.drain(), []);
});

t.test('drain hands over what still waits; waitMs 0 never holds', async (t) => {
  const memory = new TraceIdentity({ waitMs: 15_000 });
  const [early] = child();
  memory.admit([early]);
  t.same(memory.drain(), [early]);
  const eager = new TraceIdentity({ waitMs: 0 });
  const [now] = child();
  t.same(eager.admit([now]), [now]);
});

t.test('held events are bounded', async (t) => {
  const memory = new TraceIdentity({ waitMs: 15_000, maxHeld: 2 });
  const events = [1, 2, 3].flatMap((i) => spanEvents(origin, [span(`a7ad6b716920333${i}`, 1787220001, { 'gen_ai.tool.name': 'bash' }, ROOT, `${i}af7651916cd43dd8448eb211c80319c`)]));
  t.same(memory.admit(events).map((e) => e.traceId), ['1af7651916cd43dd8448eb211c80319c'], 'the oldest trace goes on past the cap');
});
