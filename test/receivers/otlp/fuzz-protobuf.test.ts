import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { VigilError } from '../../../src/errors.js';
import { decodeLogsRequest, decodeTraceRequest, encodeLogsRequest, encodeTraceRequest, logsRequestFromJson, traceRequestFromJson } from '../../../src/otlp/index.js';
import { fuzzGateway, fuzzParams, sessionDocuments } from '../../helpers/fuzz.js';

// The sessions as binary protobuf: real bodies to damage.
const bodies = sessionDocuments.map((doc) => {
  const text = JSON.stringify(doc);
  return 'resourceLogs' in (doc as object)
    ? { path: '/v1/logs', bytes: encodeLogsRequest(logsRequestFromJson(text)), decode: decodeLogsRequest }
    : { path: '/v1/traces', bytes: encodeTraceRequest(traceRequestFromJson(text)), decode: decodeTraceRequest };
});

/** A session body with a few bytes overwritten, inserted or cut. */
const damagedBody = fc
  .tuple(fc.nat(bodies.length - 1), fc.array(fc.tuple(fc.constantFrom('set', 'insert', 'cut'), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }))
  .map(([which, edits]) => {
    const body = bodies[which]!;
    let bytes = Buffer.from(body.bytes);
    for (const [kind, at, byte] of edits) {
      const i = at % (bytes.length + 1);
      if (kind === 'set' && i < bytes.length) bytes[i] = byte;
      else if (kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
      else bytes = bytes.subarray(0, i);
    }
    const where = `${body.path} ${JSON.stringify(edits)}`;
    return { ...body, bytes, [fc.toStringMethod]: () => where };
  });

t.test('damaged protobuf bodies: the decoders return or throw a coded error, nothing else', async (t) => {
  let refused = 0;
  fc.assert(
    fc.property(damagedBody, fc.uint8Array({ maxLength: 64 }), (body, noise) => {
      for (const bytes of [body.bytes, Buffer.from(noise)]) {
        try {
          body.decode(bytes);
        } catch (err) {
          if (!(err instanceof VigilError) || err.code !== 'VGL_BAD_PROTOBUF') return false;
          refused++;
        }
      }
      return true;
    }),
    fuzzParams(3000),
  );
  t.ok(refused > 0, `${refused} inputs refused with VGL_BAD_PROTOBUF`);
});

t.test('damaged protobuf bodies through the gateway: 200 or 400, never 5xx', async (t) => {
  const gateway = await fuzzGateway(mkdtempSync(join(tmpdir(), 'vigil-fuzz-')));
  t.teardown(() => gateway.stop());
  const seen = new Set<number>();
  await fc.assert(
    fc.asyncProperty(damagedBody, async (body) => {
      const res = await fetch(`${gateway.addresses.http}${body.path}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: body.bytes });
      await res.arrayBuffer();
      seen.add(res.status);
      return res.status === 200 || res.status === 400;
    }),
    fuzzParams(200),
  );
  t.ok(seen.has(200) && seen.has(400), `both outcomes seen: ${[...seen].join(', ')}`);
});

t.test('invalid UTF-8 in protobuf strings is kept, ids of a wrong length are rejected by partial success', async (t) => {
  const gateway = await fuzzGateway(mkdtempSync(join(tmpdir(), 'vigil-fuzz-')));
  t.teardown(() => gateway.stop());
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 24 }), fc.uint8Array({ maxLength: 12 }), fc.uint8Array({ maxLength: 16 }), async (traceId, spanId, text) => {
      const placeholder = 'a'.repeat(text.length);
      const raw = encodeTraceRequest({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.from(traceId), spanId: Buffer.from(spanId), name: 'x', attributes: [{ key: 'gen_ai.tool.call.arguments', value: { stringValue: placeholder } }] }] }] }] });
      // The attribute's string is encoded last: overwrite it with raw bytes that need not be UTF-8.
      raw.set(text, raw.length - text.length);
      const res = await fetch(`${gateway.addresses.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: raw });
      // An empty ExportTraceServiceResponse is full success; partial success names the rejected span.
      const r = await res.arrayBuffer();
      const idsValid = traceId.length === 16 && spanId.length === 8 && traceId.some((b) => b !== 0) && spanId.some((b) => b !== 0);
      return res.status === 200 && (idsValid ? r.byteLength === 0 : r.byteLength > 0);
    }),
    fuzzParams(150),
  );
  t.pass('every request answered 200: the span kept, or reported rejected for its ids');
});
