import type { SendResult } from '../component.js';
import { parseRetryAfter } from './retry-after.js';
import type { HttpResponse } from './client.js';

/** OTLP/HTTP's retryable statuses (OTLP spec, "Retryable Response Codes"); all other 4xx/5xx are permanent. */
export const OTLP_RETRYABLE: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** A common choice for other HTTP APIs (Loki, HEC, webhooks): timeouts, throttling and every 5xx. */
export const HTTP_RETRYABLE: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Maps a response to what the delivery helper does next: 2xx sent, a retryable status retried
 * after Retry-After (when given), anything else dropped as `http_<status>` for `items` items.
 */
export function resultFromResponse<R>(response: HttpResponse, items: number, retryable: ReadonlySet<number> = HTTP_RETRYABLE): SendResult<R> {
  const { status } = response;
  if (status >= 200 && status < 300) return { outcome: 'sent' };
  const reason = `http_${status}`;
  if (retryable.has(status)) return { outcome: 'retry', reason, retryAfterMs: parseRetryAfter(response.headers['retry-after']) };
  return { outcome: 'drop', reason, count: items };
}

/** A transport failure (refused, reset, timeout, aborted) is always worth another try. */
export function resultFromError<R>(error: unknown): SendResult<R> {
  const err = error as { code?: string; name?: string };
  const reason = err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT' ? 'timeout' : err.name === 'AbortError' ? 'aborted' : (err.code ?? 'network').toLowerCase();
  return { outcome: 'retry', reason };
}
