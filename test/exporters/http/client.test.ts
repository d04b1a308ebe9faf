import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { HttpClient, OTLP_RETRYABLE, parseRetryAfter, resultFromError, resultFromResponse, tlsConnectOptions } from '../../../src/exporters/http/index.js';
import { makeTestCert } from '../../helpers/tls-cert.js';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

async function listen(server: Server, handler: { current: Handler }): Promise<string> {
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler.current(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${(server.address() as AddressInfo).port}`;
}

t.test('plain HTTP: path, headers, body and status mapping', async (t) => {
  const handler: { current: Handler } = { current: (_q, _b, res) => res.end() };
  const server = createServer();
  const port = await listen(server, handler);
  const client = new HttpClient({ endpoint: `http://127.0.0.1:${port}/base/`, headers: { authorization: 'Bearer x' }, timeoutMs: 2000 });
  t.teardown(async () => { await client.close(); server.close(); });

  let seen: { url?: string; auth?: string; type?: string; body?: string } = {};
  handler.current = (req, body, res) => {
    seen = { url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body: body.toString() };
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  };
  const ok = await client.request({ path: '/v1/traces', body: 'payload', headers: { 'content-type': 'application/x-protobuf' } });
  t.same(seen, { url: '/base/v1/traces', auth: 'Bearer x', type: 'application/x-protobuf', body: 'payload' });
  t.equal(ok.status, 200);
  t.equal(ok.body.toString(), 'ok');
  t.same(resultFromResponse(ok, 3), { outcome: 'sent' });

  handler.current = (_q, _b, res) => res.writeHead(429, { 'retry-after': '7' }).end();
  t.same(resultFromResponse(await client.request({ path: '/x' }), 3), { outcome: 'retry', reason: 'http_429', retryAfterMs: 7000 });

  handler.current = (_q, _b, res) => res.writeHead(500).end();
  const failed = await client.request({ path: '/x' });
  t.equal(resultFromResponse(failed, 3).outcome, 'retry', '500 is retried by default');
  t.same(resultFromResponse(failed, 3, OTLP_RETRYABLE), { outcome: 'drop', reason: 'http_500', count: 3 }, 'OTLP never retries 500');

  handler.current = (_q, _b, res) => res.writeHead(400).end('bad');
  t.same(resultFromResponse(await client.request({ path: '/x' }), 5), { outcome: 'drop', reason: 'http_400', count: 5 });
});

t.test('transport failures reject and map to retry', async (t) => {
  const handler: { current: Handler } = { current: (req) => req.socket.destroy() };
  const server = createServer();
  const port = await listen(server, handler);
  const client = new HttpClient({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 300 });
  t.teardown(async () => { await client.close(); server.closeAllConnections(); server.close(); });

  const reset = await client.request({ path: '/x', body: 'a' }).then(() => undefined, (e: unknown) => e);
  t.ok(reset, 'a reset connection rejects');
  t.equal(resultFromError(reset).outcome, 'retry');

  handler.current = () => {}; // never answers
  const slow = await client.request({ path: '/x', body: 'a' }).then(() => undefined, (e: unknown) => e);
  t.same(resultFromError(slow), { outcome: 'retry', reason: 'timeout' }, 'the deadline fires');

  const controller = new AbortController();
  const pending = client.request({ path: '/x', body: 'a' }, controller.signal).then(() => undefined, (e: unknown) => e);
  controller.abort();
  t.equal(resultFromError(await pending).outcome, 'retry', 'the caller can abort (shutdown)');

  const closedPort = port;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  const refusedClient = new HttpClient({ endpoint: `http://127.0.0.1:${closedPort}`, timeoutMs: 1000 });
  const refused = await refusedClient.request({ path: '/x' }).then(() => undefined, (e: unknown) => e);
  await refusedClient.close();
  t.same(resultFromError(refused), { outcome: 'retry', reason: 'econnrefused' });
});

t.test('TLS: trusts the given CA, refuses an unknown one, or skips verification when told', async (t) => {
  const cert = makeTestCert();
  const server = createTlsServer({ cert: cert.cert, key: cert.key });
  const port = await listen(server, { current: (_q, _b, res) => res.end('secure') });
  t.teardown(() => { server.closeAllConnections(); server.close(); });
  const resolve = (p: string): string => p;
  const base = { ca_file: '', cert_file: '', key_file: '', insecure_skip_verify: false, server_name: '' };

  const trusted = new HttpClient({ endpoint: `https://127.0.0.1:${port}`, timeoutMs: 2000, tls: tlsConnectOptions({ ...base, ca_file: cert.certFile }, resolve) });
  t.equal((await trusted.request({ path: '/' })).body.toString(), 'secure');
  await trusted.close();

  const untrusted = new HttpClient({ endpoint: `https://127.0.0.1:${port}`, timeoutMs: 2000, tls: tlsConnectOptions(base, resolve) });
  const refused = await untrusted.request({ path: '/' }).then(() => undefined, (e: unknown) => e);
  t.ok(refused, 'a self-signed certificate is refused without its CA');
  await untrusted.close();

  const insecure = new HttpClient({ endpoint: `https://127.0.0.1:${port}`, timeoutMs: 2000, tls: tlsConnectOptions({ ...base, insecure_skip_verify: true }, resolve) });
  t.equal((await insecure.request({ path: '/' })).status, 200);
  await insecure.close();

  t.throws(() => tlsConnectOptions({ ...base, cert_file: cert.certFile }, resolve), /go together/);
});

t.test('Retry-After: seconds, HTTP-date, garbage', async (t) => {
  t.equal(parseRetryAfter('3'), 3000);
  t.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
  t.equal(parseRetryAfter('soon'), undefined);
  t.equal(parseRetryAfter(undefined), undefined);
});

t.test('only http and https endpoints', async (t) => {
  t.throws(() => new HttpClient({ endpoint: 'ftp://127.0.0.1/', timeoutMs: 1 }), /not http/);
});
