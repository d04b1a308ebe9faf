import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../../errors.js';
import type { LogsRequest, TraceRequest } from '../../event/index.js';
import type { Transport } from '../../pipeline/consumer.js';
import type { ReceiverLimits } from './body.js';
import { discardRest } from './discard.js';
import { admit, authenticate, countRefusedRequest, ingest, type ReceiverOptions } from './intake.js';
import { exportResponse } from './response.js';
import { LOGS, TRACES, type SignalSpec } from './signals.js';
import { asVigilError, statusBody, type Encoding } from './status.js';

const MEDIA_TYPE: Readonly<Record<Encoding, string>> = { protobuf: 'application/x-protobuf', json: 'application/json' };
const TRANSPORT: Readonly<Record<Encoding, Transport>> = { protobuf: 'http/protobuf', json: 'http/json' };
const EMPTY = Buffer.alloc(0);

/** The payload encoding a Content-Type names (parameters such as charset aside), if OTLP/HTTP has it. */
function encodingOf(contentType: string | undefined): Encoding | undefined {
  if (contentType === undefined) return undefined;
  const end = contentType.indexOf(';');
  const media = (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  return media === MEDIA_TYPE.protobuf ? 'protobuf' : media === MEDIA_TYPE.json ? 'json' : undefined;
}

/** Fastify's own failures (body limit, broken upload) as coded errors. */
function fromFastify(error: FastifyError, request: FastifyRequest, limits: ReceiverLimits): VigilError {
  if (error.statusCode === 413) return new VigilError('VGL_BODY_TOO_LARGE', 'body', limits.maxBodyBytes);
  if (error.statusCode === 415) return new VigilError('VGL_UNSUPPORTED_MEDIA_TYPE', request.headers['content-type'] ?? '(none)');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return new VigilError('VGL_BAD_REQUEST', error.message);
  return asVigilError(error);
}

/**
 * The OTLP/HTTP receiver: POST /v1/traces and /v1/logs with binary protobuf or JSON bodies, gzip or
 * identity. Register it without fastify-plugin: its body parsers, limit and error handler belong to
 * its own encapsulated context and touch nothing else on the server.
 */
export const otlpHttpPlugin: FastifyPluginAsync<ReceiverOptions> = async (app, pluginOptions) => {
  const options: ReceiverOptions = { ...pluginOptions, logger: pluginOptions.logger ?? app.log };
  const { limits, metrics } = options;
  const retryAfter = String(options.admission.retryAfterSeconds);
  const signalByPath = new Map([TRACES, LOGS].map((spec) => [spec.httpPath, spec.signal]));
  const tenants = new WeakMap<FastifyRequest, string>();

  // Bodies arrive as one Buffer capped at the compressed limit; decoding happens in the handler.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([MEDIA_TYPE.protobuf, MEDIA_TYPE.json], { parseAs: 'buffer', bodyLimit: limits.maxBodyBytes }, (_request, body, done) => done(null, body));

  // OTLP/HTTP Failures: every 4xx/5xx body is a google.rpc.Status in the request's encoding, and
  // the retryable ones (429, 503) say when to come back (OTLP/HTTP Throttling).
  app.setErrorHandler((error: FastifyError | VigilError, request: FastifyRequest, reply: FastifyReply) => {
    const encoding = encodingOf(request.headers['content-type']);
    let vigil: VigilError;
    if (error instanceof VigilError) vigil = error;
    else {
      // Whoever throws a VigilError has counted it; Fastify's own refusals are counted here.
      vigil = fromFastify(error, request, limits);
      const signal = signalByPath.get(request.routeOptions.url ?? '');
      if (signal !== undefined) countRefusedRequest(metrics, { signal, transport: encoding === undefined ? 'http' : TRANSPORT[encoding] }, vigil);
      if (vigil.code === 'VGL_INTERNAL') options.logger?.error({ err: error }, 'OTLP/HTTP request failed');
    }
    // Without a known encoding the Status goes as binary protobuf, the default OTLP/HTTP encoding.
    const answer: Encoding = encoding ?? 'protobuf';
    reply.code(vigil.status).header('content-type', MEDIA_TYPE[answer]);
    if (vigil.status === 413 && !request.raw.complete) {
      // Fastify would close mid-upload; keep reading so the client can read its 413.
      reply.removeHeader('connection');
      discardRest(request.raw);
    }
    if (vigil.retryable) reply.header('retry-after', retryAfter);
    if (vigil.status === 405) reply.header('allow', 'POST');
    return reply.send(statusBody(vigil, answer, options.admission.retryAfterSeconds));
  });

  const register = <R extends TraceRequest | LogsRequest>(spec: SignalSpec<R>): void => {
    app.route({
      method: 'POST',
      url: spec.httpPath,
      // A request without a valid key, or of an unknown media type, is refused before the body is read.
      onRequest: async (request) => {
        const tenant = authenticate(options, { signal: spec.signal, transport: 'http' }, request.headers[options.auth?.header ?? 'authorization']);
        if (tenant !== undefined) tenants.set(request, tenant);
        if (encodingOf(request.headers['content-type']) !== undefined) return;
        const error = new VigilError('VGL_UNSUPPORTED_MEDIA_TYPE', request.headers['content-type'] ?? '(none)');
        countRefusedRequest(metrics, { signal: spec.signal, transport: 'http' }, error);
        throw error;
      },
      // The in-flight slot is taken once the body has arrived: a client trickling its body holds a
      // socket (bounded by the request timeout and the connection limit), never a slot.
      preHandler: async (request, reply) => {
        const encoding = encodingOf(request.headers['content-type']) as Encoding;
        reply.raw.once('close', admit(options, { signal: spec.signal, transport: TRANSPORT[encoding] }));
      },
      handler: async (request, reply) => {
        const encoding = encodingOf(request.headers['content-type']) as Encoding;
        const body = (request.body as Buffer | undefined) ?? EMPTY;
        const rejection = await ingest(options, spec, TRANSPORT[encoding], body, request.headers['content-encoding'], tenants.get(request));
        return reply.code(200).header('content-type', MEDIA_TYPE[encoding]).send(exportResponse(spec, encoding, rejection));
      },
    });
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: spec.httpPath,
      handler: async (request) => {
        throw new VigilError('VGL_METHOD_NOT_ALLOWED', request.method);
      },
    });
  };
  register(TRACES);
  register(LOGS);
};
