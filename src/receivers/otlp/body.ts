import { gunzipSync } from 'node:zlib';
import { VigilError } from '../../errors.js';

/** Size limits shared by both transports. */
export interface ReceiverLimits {
  /** Largest body accepted as it arrives (compressed or not). */
  readonly maxBodyBytes: number;
  /** Largest body after decompression. */
  readonly maxDecompressedBytes: number;
}

/**
 * The body as the decoder needs it, inflated per its Content-Encoding. OTLP/HTTP Request: the
 * server MUST limit the body size "including after decompression", so gzip output is capped with
 * maxOutputLength: zlib stops at the cap instead of inflating a gzip bomb whole. One synchronous
 * gunzip per body (see PERF-NOTES: a stream per request costs far more).
 */
export function inflateBody(body: Buffer, contentEncoding: string | undefined, limits: ReceiverLimits): Buffer {
  const encoding = contentEncoding === undefined ? '' : contentEncoding.trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    if (body.length > limits.maxDecompressedBytes) throw new VigilError('VGL_BODY_TOO_LARGE', 'decompressed', limits.maxDecompressedBytes);
    return body;
  }
  // RFC 9110 §8.4.1.3: x-gzip is an alias of gzip.
  if (encoding !== 'gzip' && encoding !== 'x-gzip') throw new VigilError('VGL_UNSUPPORTED_ENCODING', contentEncoding ?? '');
  try {
    return gunzipSync(body, { maxOutputLength: limits.maxDecompressedBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new VigilError('VGL_BODY_TOO_LARGE', 'decompressed', limits.maxDecompressedBytes);
    }
    throw new VigilError('VGL_BAD_GZIP', (err as Error).message);
  }
}
