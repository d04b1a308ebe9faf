// The baseline: a Fastify OTLP/HTTP endpoint that only decodes (what PERF-NOTES calls a
// decode-only gateway). Vigil is measured against it on the same machine and payloads.
import Fastify from 'fastify';
import { TYPES } from '../dist/otlp/index.js';

const port = Number(process.argv[2]);
const app = Fastify({ bodyLimit: 16 * 1024 * 1024 });
const empty = Buffer.alloc(0);
app.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/v1/traces', async (request, reply) => {
  TYPES.traceRequest.decode(request.body);
  return reply.header('content-type', 'application/x-protobuf').send(empty);
});
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
