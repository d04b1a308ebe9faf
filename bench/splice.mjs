// Forwarding's encode step, one core: re-encoding the annotated request versus splicing the
// appended vigil.* attributes into the received bytes (what the gateway does when it can).
import { riskAttributes } from '../dist/annotate/index.js';
import { eventsFromTraces } from '../dist/event/index.js';
import { appendAttributes, decodeTraceRequest, encodeTraceRequest } from '../dist/otlp/index.js';

const RULE = { id: 'bench.rule', score: 40, severity: 'medium', tags: ['T1059'] };

function rate(spans, seconds, fn) {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) n += fn();
  return n / seconds;
}

/** Spans/s for both ways of producing the forwarded bytes. */
export function benchSplice(bodies, spansPerRequest, seconds) {
  const cases = bodies.map((body) => {
    const request = decodeTraceRequest(body);
    const events = eventsFromTraces(request);
    const appended = events.map((_, i) => riskAttributes(i % 10 === 0 ? [RULE] : [], []));
    events.forEach((event, i) => event.span.attributes.push(...appended[i]));
    return { body, request, appended };
  });
  let i = 0;
  const reencode = rate(spansPerRequest, seconds, () => {
    encodeTraceRequest(cases[i++ % cases.length].request);
    return spansPerRequest;
  });
  const splice = rate(spansPerRequest, seconds, () => {
    const c = cases[i++ % cases.length];
    appendAttributes('traces', c.body, c.appended);
    return spansPerRequest;
  });
  return { reencodeSpansPerSec: reencode, spliceSpansPerSec: splice };
}
