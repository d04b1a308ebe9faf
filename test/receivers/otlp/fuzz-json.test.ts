import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { logsRequestFromJson, traceRequestFromJson } from '../../../src/otlp/index.js';
import { VigilError } from '../../../src/errors.js';
import { fuzzGateway, fuzzParams, mutatedSession, sessionDocuments } from '../../helpers/fuzz.js';

const pathOf = (doc: Record<string, unknown>): string => ('resourceLogs' in doc ? '/v1/logs' : '/v1/traces');

t.test('one-field mutations of real sessions: 200 or 400 with a message, never 5xx', async (t) => {
  const gateway = await fuzzGateway(mkdtempSync(join(tmpdir(), 'vigil-fuzz-')));
  t.teardown(() => gateway.stop());
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(mutatedSession, async ({ doc }) => {
      const res = await fetch(`${gateway.addresses.http}${pathOf(doc)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
      const body = (await res.json()) as { message?: string };
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 400) return typeof body.message === 'string' && body.message.startsWith('request body is not valid OTLP/JSON: ');
      return res.status === 200;
    }),
    fuzzParams(400),
  );
  t.ok((statuses.get(400) ?? 0) > 0 && (statuses.get(200) ?? 0) > 0, `both outcomes seen: ${JSON.stringify([...statuses])}`);
});

t.test('an attribute without its key is a 400 naming the path', async (t) => {
  const doc = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', attributes: [{ value: { stringValue: 'rm -rf /' } }] }] }] }] };
  t.throws(() => traceRequestFromJson(JSON.stringify(doc)), new VigilError('VGL_BAD_JSON', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].key: required'));
  const nullKey = { resourceLogs: [{ resource: { attributes: [{ key: null, value: { intValue: 1 } }] } }] };
  t.throws(() => logsRequestFromJson(JSON.stringify(nullKey)), new VigilError('VGL_BAD_JSON', 'resourceLogs[0].resource.attributes[0].key: required'));
});

t.test('__proto__ and constructor keys change nothing', async (t) => {
  const doc = sessionDocuments.find((d) => 'resourceSpans' in (d as object)) as Record<string, unknown>;
  const plain = traceRequestFromJson(JSON.stringify(doc));
  const text = JSON.stringify(doc).replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},');
  const hostile = traceRequestFromJson(text.replace(/"scopeSpans":\[\{/g, '"scopeSpans":[{"__proto__":{"spans":[]},'));
  t.same(hostile, plain, 'the same request as without the keys');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  const keyed = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', attributes: [{ key: '__proto__', value: { stringValue: 'x' } }, { key: 'constructor', value: { intValue: '1' } }] }] }] }] };
  const gateway = await fuzzGateway(mkdtempSync(join(tmpdir(), 'vigil-fuzz-')));
  t.teardown(() => gateway.stop());
  const res = await fetch(`${gateway.addresses.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(keyed) });
  t.equal(res.status, 200, 'attributes named __proto__ / constructor are data like any other');
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test('invalid UTF-8 and wrong-length ids: 200 with partial success or 400, never 5xx', async (t) => {
  const gateway = await fuzzGateway(mkdtempSync(join(tmpdir(), 'vigil-fuzz-')));
  t.teardown(() => gateway.stop());
  const prefix = Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"');
  const invalid = Buffer.concat([prefix, Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}]}]}]}')]);
  const utf8 = await fetch(`${gateway.addresses.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: invalid });
  t.equal(utf8.status, 200, 'bad bytes become U+FFFD, the span is kept');
  await fc.assert(
    fc.asyncProperty(fc.stringMatching(/^[0-9a-f]{0,40}$/), fc.stringMatching(/^[0-9a-f]{0,20}$/), async (traceId, spanId) => {
      const doc = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId, name: 'x' }] }] }] };
      const res = await fetch(`${gateway.addresses.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
      const body = (await res.json()) as { partialSuccess?: { rejectedSpans?: string } };
      const valid = traceId.length === 32 && !/^0+$/.test(traceId) && spanId.length === 16 && !/^0+$/.test(spanId);
      const odd = traceId.length % 2 === 1 || spanId.length % 2 === 1;
      if (odd) return res.status === 400;
      return res.status === 200 && (valid ? body.partialSuccess === undefined : body.partialSuccess?.rejectedSpans === '1');
    }),
    fuzzParams(150),
  );
});
