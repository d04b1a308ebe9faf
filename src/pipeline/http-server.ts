import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TlsMaterial } from './tls-files.js';

/** Node's own defaults, for a listener without limits of its own (admin). */
export const NODE_DEFAULT_LIMITS: ServerLimits = { headerTimeoutMs: 60_000, requestTimeoutMs: 300_000, idleTimeoutMs: 5000, maxConnections: Infinity };

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
 * A Fastify serverFactory for a node:http (or, given TLS material, node:https) server with the limits applied. Node checks the header
 * and request deadlines on an interval (30 s by default); a quarter of the header timeout keeps a
 * stalled socket from outliving its deadline by more than that.
 */
export function limitedServer(limits: ServerLimits, onDrop: () => void, tls?: TlsMaterial) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const options = {
      headersTimeout: limits.headerTimeoutMs,
      requestTimeout: Math.max(limits.requestTimeoutMs, limits.headerTimeoutMs),
      keepAliveTimeout: limits.idleTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headerTimeoutMs / 4))),
    };
    // With a client CA, a client must present a certificate it signed (mTLS).
    const server: Server = tls
      ? createTlsServer({ ...options, ...tls, requestCert: tls.ca !== undefined, rejectUnauthorized: tls.ca !== undefined }, handler)
      : createServer(options, handler);
    server.maxConnections = limits.maxConnections;
    server.on('drop', onDrop);
    return server;
  };
}
