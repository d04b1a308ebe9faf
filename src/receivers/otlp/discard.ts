import type { IncomingMessage } from 'node:http';

/** How much of a refused upload is read and thrown away before its connection is cut. */
export interface DiscardBound {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** Default bound: enough for a client to finish a 100 MiB upload on a slow link, little enough to refuse a stream that never ends. */
export const DISCARD_BOUND: DiscardBound = { maxBytes: 128 * 1024 * 1024, timeoutMs: 10_000 };

/**
 * Reads and drops the rest of a request body the answer refused (413) while the connection stays
 * open. Closing at once makes the client's pending writes fail (EPIPE / RST) and the TCP reset
 * can discard the answer before the client reads it (RFC 9112 §9.6: a server closing early
 * should keep reading "lingering close"). Past the bound in bytes or time the socket is cut.
 */
export function discardRest(request: IncomingMessage, bound: DiscardBound = DISCARD_BOUND): void {
  if (request.complete) return;
  let seen = 0;
  const cut = (): void => {
    cleanup();
    request.socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen > bound.maxBytes) cut();
  };
  const timer = setTimeout(cut, bound.timeoutMs);
  timer.unref();
  const cleanup = (): void => {
    clearTimeout(timer);
    request.off('data', onData);
    request.off('end', cleanup);
    request.off('close', cleanup);
  };
  request.on('data', onData);
  request.once('end', cleanup);
  request.once('close', cleanup);
  request.resume();
}
