import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Socket limits of an HTTP listener, so a client can hold neither a slot nor a socket for long. */
export interface ServerLimits {
  /** The whole request head must arrive within this (slowloris). */
  readonly headerTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  readonly requestTimeoutMs: number;
  /** A keep-alive connection with no request in progress is closed after this. */
  readonly idleTimeoutMs: number;
  /** Connections beyond this are closed as they are accepted. */
  readonly maxConnections: number;
}

/**
 * A Fastify serverFactory for a node:http server with the limits applied. Node checks the header
 * and request deadlines on an interval (30 s by default); a quarter of the header timeout keeps a
 * stalled socket from outliving its deadline by more than that.
 */
export function limitedServer(limits: ServerLimits, onDrop: () => void) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const server = createServer(
      {
        headersTimeout: limits.headerTimeoutMs,
        requestTimeout: Math.max(limits.requestTimeoutMs, limits.headerTimeoutMs),
        keepAliveTimeout: limits.idleTimeoutMs,
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headerTimeoutMs / 4))),
      },
      handler,
    );
    server.maxConnections = limits.maxConnections;
    server.on('drop', onDrop);
    return server;
  };
}
