// The floor any Node OTLP gateway pays: protobufjs decoding of the same payloads, on one core.
import { decodeTraceRequest, TYPES } from '../dist/otlp/index.js';

/** Spans/s for plain protobufjs decode and for Vigil's decode (decode + id validation). */
export function benchDecode(payloads, spansPerRequest, seconds = 3) {
  const measure = (decode) => {
    for (let i = 0; i < 200; i++) decode(payloads[i % payloads.length]);
    let requests = 0;
    const start = process.hrtime.bigint();
    const until = start + BigInt(seconds * 1e9);
    while (process.hrtime.bigint() < until) {
      for (let i = 0; i < 50; i++) decode(payloads[(requests + i) % payloads.length]);
      requests += 50;
    }
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    return (requests * spansPerRequest) / elapsed;
  };
  return {
    protobufjsSpansPerSec: measure((b) => TYPES.traceRequest.decode(b)),
    vigilDecodeSpansPerSec: measure((b) => decodeTraceRequest(b)),
  };
}
