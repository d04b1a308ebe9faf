import t from 'tap';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { discardRest } from '../../../src/receivers/otlp/discard.js';
import { startReceivers } from '../../helpers/otlp-receivers.js';

const MiB = 1024 * 1024;
type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

/** What a raw client saw: every byte the server sent, and the first socket error. */
interface Exchange {
  readonly received: string;
  readonly error?: string;
  readonly written: number;
  /** The server closed the socket before the client gave up. */
  readonly closedByServer: boolean;
}

/**
 * Sends `head` then `total` body bytes in 64 KiB writes over one raw socket, then `after` (a second
 * request, or nothing), and waits `lingerMs` for the answers. Raw so nothing in a client library
 * hides a reset.
 */
function exchange(port: number, head: string, total: number, after = '', lingerMs = 300): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 0x0a);
    let received = '';
    let written = 0;
    let error: string | undefined;
    let closedByServer = false;
    const finish = (): void => {
      socket.destroy();
      resolve({ received, error, written, closedByServer });
    };
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('end', () => (closedByServer = true));
    socket.on('close', () => {
      closedByServer ||= error !== undefined;
      setTimeout(finish, 0);
    });
    const pump = (): void => {
      while (written < total && !socket.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, total - written));
        written += part.length;
        if (!socket.write(part)) return void socket.once('drain', pump);
      }
      socket.write(after, () => setTimeout(finish, lingerMs));
    };
    socket.write(head, pump);
  });
}

t.test('an oversize upload gets its 413 and is read to the end; the connection stays usable', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const port = Number(new URL(r.httpUrl).port);
  const total = 24 * MiB;
  const head = `POST /v1/traces HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-protobuf\r\ncontent-length: ${total}\r\n\r\n`;
  const next = 'POST /v1/logs HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}';
  const res = await exchange(port, head, total, next);
  t.equal(res.error, undefined, 'no reset while the client sent the rest');
  t.equal(res.written, total);
  const answers = res.received.split(/(?=HTTP\/1\.1 )/);
  t.match(answers[0], /^HTTP\/1\.1 413 /, 'the refusal');
  t.notMatch(answers[0], /connection: close/i, 'not closed mid-upload');
  t.match(answers[0], /request body exceeds the body limit of 262144 bytes/);
  t.match(answers[1], /^HTTP\/1\.1 200 /, 'the next request on the same connection is served');
});

t.test('a chunked oversize upload is read to its last chunk too', async (t) => {
  const r = await startReceivers();
  t.teardown(r.close);
  const port = Number(new URL(r.httpUrl).port);
  const size = 0x10000;
  const chunks = Array.from({ length: 128 }, () => `${size.toString(16)}\r\n${'x'.repeat(size)}\r\n`).join('') + '0\r\n\r\n';
  const head = 'POST /v1/traces HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-protobuf\r\ntransfer-encoding: chunked\r\n\r\n' + chunks;
  const res = await exchange(port, head, 0);
  t.equal(res.error, undefined);
  t.match(res.received, /^HTTP\/1\.1 413 /);
  t.equal(r.consumer.batches.length, 0);
});

/** A plain server answering 413 at once and discarding within `bound`. */
async function refusingServer(t: Tap, bound: { maxBytes: number; timeoutMs: number }): Promise<number> {
  const server = http.createServer((req, res) => {
    res.writeHead(413, { 'content-length': '0' }).end();
    discardRest(req, bound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return (server.address() as AddressInfo).port;
}

t.test('discarding stops at its byte bound: the socket is cut', async (t) => {
  const port = await refusingServer(t, { maxBytes: MiB, timeoutMs: 60_000 });
  const total = 256 * MiB;
  const res = await exchange(port, `POST / HTTP/1.1\r\nhost: x\r\ncontent-length: ${total}\r\n\r\n`, total);
  t.match(res.received, /^HTTP\/1\.1 413 /);
  t.ok(res.written < total, `cut after ${res.written} bytes written`);
});

t.test('discarding stops at its deadline: a stalled upload is cut', async (t) => {
  const port = await refusingServer(t, { maxBytes: 64 * MiB, timeoutMs: 200 });
  const res = await exchange(port, 'POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\nx', 0, '', 5_000);
  t.match(res.received, /^HTTP\/1\.1 413 /);
  t.ok(res.closedByServer, 'the server closed the socket long before the client gave up');
});
