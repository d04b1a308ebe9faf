import t from 'tap';
import { gzipSync } from 'node:zlib';
import { inflateBody } from '../../../src/receivers/otlp/body.js';

const limits = { maxBodyBytes: 1024, maxDecompressedBytes: 4096 };
const refusal = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return { code: (err as { code: string }).code, status: (err as { status: number }).status, message: (err as Error).message };
  }
};

t.test('identity bodies pass through untouched', async (t) => {
  const body = Buffer.from('abc');
  t.equal(inflateBody(body, undefined, limits), body);
  t.equal(inflateBody(body, 'identity', limits), body);
  t.equal(inflateBody(body, '', limits), body);
  t.same(refusal(() => inflateBody(Buffer.alloc(4097), undefined, limits)), { code: 'VGL_BODY_TOO_LARGE', status: 413, message: 'request body exceeds the decompressed limit of 4096 bytes' });
});

t.test('gzip (and its x-gzip alias) inflates up to the limit', async (t) => {
  const body = Buffer.alloc(4096, 'x');
  t.same(inflateBody(gzipSync(body), 'gzip', limits), body);
  t.same(inflateBody(gzipSync(body), ' X-GZIP ', limits), body);
  t.same(inflateBody(Buffer.concat([gzipSync('ab'), gzipSync('cd')]), 'gzip', limits).toString(), 'abcd', 'multi-member gzip');
});

t.test('a gzip bomb stops at the limit with 413', async (t) => {
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
  const started = process.hrtime.bigint();
  t.same(refusal(() => inflateBody(bomb, 'gzip', limits)), { code: 'VGL_BODY_TOO_LARGE', status: 413, message: 'request body exceeds the decompressed limit of 4096 bytes' });
  t.ok(process.hrtime.bigint() - started < 50_000_000n, 'refused without inflating 50 MiB');
  t.same(refusal(() => inflateBody(gzipSync(Buffer.alloc(4097)), 'gzip', limits))?.code, 'VGL_BODY_TOO_LARGE', 'one byte over');
});

t.test('broken gzip is 400, an unknown encoding 415', async (t) => {
  t.match(refusal(() => inflateBody(Buffer.from('plain'), 'gzip', limits)), { code: 'VGL_BAD_GZIP', status: 400, message: /^request body is not valid gzip: / });
  const cut = gzipSync('hello world');
  t.match(refusal(() => inflateBody(cut.subarray(0, 12), 'gzip', limits)), { code: 'VGL_BAD_GZIP', message: /unexpected end of file/ });
  t.same(refusal(() => inflateBody(cut, 'br', limits)), { code: 'VGL_UNSUPPORTED_ENCODING', status: 415, message: 'unsupported content encoding br; use gzip or none' });
});
