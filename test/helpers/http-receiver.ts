import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, and the status it answered (0: the connection was reset). */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  status: number;
}

/**
 * What the receiver does with one request: answer (after an optional delay), answer as usual but
 * late (`{ delayMs }` alone: a slow downstream that still does the work), or reset the connection.
 */
export type Reply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string; readonly delayMs?: number }
  | { readonly status?: undefined; readonly delayMs: number }
  | 'reset';

/**
 * A local downstream for exporter tests: records every request, answers from a queue of planned
 * replies (failures on demand) and otherwise with what `respond` decides from the request.
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly planned: Reply[] = [];

  private constructor(
    private readonly server: Server,
    private readonly respond: (request: ReceivedRequest) => Reply,
  ) {}

  /** Starts a receiver on a free loopback port. */
  static async start(respond: (request: ReceivedRequest) => Reply = () => ({ status: 200 })): Promise<HttpReceiver> {
    const server = createServer();
    const receiver = new HttpReceiver(server, respond);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), status: 0 };
        receiver.requests.push(request);
        const planned = receiver.planned.shift();
        const usual = planned === undefined || (planned !== 'reset' && planned.status === undefined) ? receiver.respond(request) : undefined;
        const reply = usual === undefined ? planned! : usual === 'reset' || usual.status === undefined ? usual : { ...usual, delayMs: planned?.delayMs };
        if (reply === 'reset') return req.socket.destroy();
        if (reply.status === undefined) throw new Error('respond must answer with a status');
        request.status = reply.status;
        const answer = () => res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body ?? '');
        if (reply.delayMs === undefined) answer();
        else setTimeout(answer, reply.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the next requests with these replies, in order, then as usual. */
  plan(...replies: Reply[]): void {
    this.planned.push(...replies);
  }

  /** The requests answered with a 2xx. */
  get accepted(): ReceivedRequest[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** What the destination tests give a component. */
export const TEST_CONTEXT = {
  resolvePath: (path: string) => path,
  logger: { warn() {}, info() {}, error() {} },
};
