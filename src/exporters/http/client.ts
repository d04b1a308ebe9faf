import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { ConnectionOptions } from 'node:tls';

/** How one exporter reaches its downstream: a single origin, a pool of keep-alive connections. */
export interface HttpClientOptions {
  /** Base URL; request paths are appended to its path. */
  readonly endpoint: string;
  /** Sent with every request (auth tokens, tenant ids). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Whole-request deadline, connect to last body byte. */
  readonly timeoutMs: number;
  /** Keep-alive connections to the origin. */
  readonly connections?: number;
  /** TLS options for https endpoints (see tlsConnectOptions). */
  readonly tls?: ConnectionOptions;
  /** Largest response body read; the rest is discarded (responses are small status documents). */
  readonly maxResponseBytes?: number;
}

/** A response read whole. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request beyond the client's defaults. */
export interface HttpRequest {
  readonly method?: 'POST' | 'PUT' | 'GET';
  /** Appended to the endpoint's path. */
  readonly path: string;
  readonly body?: Uint8Array | string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A small HTTP client over undici's Pool: one origin, keep-alive, TLS, default headers and a
 * deadline per request combined with the caller's abort signal. Failures reject (the caller maps
 * them with resultFromError); statuses never do.
 */
export class HttpClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(private readonly options: HttpClientOptions) {
    const url = new URL(options.endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`endpoint ${options.endpoint} is not http(s)`);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.headers = { ...options.headers };
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 4,
      connect: url.protocol === 'https:' ? { ...options.tls } : undefined,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** The URL a path resolves to (for logs). */
  url(path: string): string {
    return new URL(this.basePath + path, this.options.endpoint).toString();
  }

  /** Sends one request and reads the response body (bounded). */
  async request(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const response = await this.pool.request({
      method: request.method ?? 'POST',
      path: this.basePath + request.path || '/',
      body: request.body,
      headers: { ...this.headers, ...request.headers },
      signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
    });
    const limit = this.options.maxResponseBytes ?? 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (size < limit) chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
    }
    return { status: response.statusCode, headers: response.headers as IncomingHttpHeaders, body: Buffer.concat(chunks) };
  }

  /** Closes the pooled connections. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
