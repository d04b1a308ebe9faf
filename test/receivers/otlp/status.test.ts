import t from 'tap';
import { VigilError } from '../../../src/errors.js';
import { asVigilError, grpcCode, statusBody } from '../../../src/receivers/otlp/status.js';
import { decodeRpcStatus } from '../../helpers/otlp-receivers.js';

t.test('gRPC codes follow the OTLP failure classes', async (t) => {
  const code = (error: VigilError) => grpcCode(error);
  t.equal(code(new VigilError('VGL_BAD_JSON', 'x')), 3, 'bad data: INVALID_ARGUMENT');
  t.equal(code(new VigilError('VGL_BODY_TOO_LARGE', 'body', 1)), 8, 'too large: RESOURCE_EXHAUSTED');
  t.equal(code(new VigilError('VGL_OVERLOADED', 1)), 8, 'overloaded: RESOURCE_EXHAUSTED (with RetryInfo)');
  t.equal(code(new VigilError('VGL_SHUTTING_DOWN')), 14, 'UNAVAILABLE');
  t.equal(code(new VigilError('VGL_PIPELINE_FAILED', 'x')), 14, 'UNAVAILABLE');
  t.equal(code(new VigilError('VGL_INTERNAL', 'x')), 13, 'INTERNAL');
  t.equal(code(new VigilError('VGL_METHOD_NOT_ALLOWED', 'GET')), 12, 'UNIMPLEMENTED');
});

t.test('anything thrown that is not coded becomes a non-retryable internal error', async (t) => {
  const plain = asVigilError(new Error('secret detail'));
  t.equal(plain.code, 'VGL_INTERNAL');
  t.equal(plain.retryable, false);
  t.notMatch(plain.message, /secret/, 'internals stay in the log');
  const coded = new VigilError('VGL_OVERLOADED', 2);
  t.equal(asVigilError(coded), coded);
});

t.test('Status bodies in both encodings carry the same message and details', async (t) => {
  const overloaded = new VigilError('VGL_OVERLOADED', 4);
  t.same(JSON.parse(statusBody(overloaded, 'json', 4).toString()), {
    code: 8,
    message: 'gateway is at its in-flight limit; retry after 4 s',
    details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '4s' }],
  });
  t.same(decodeRpcStatus(statusBody(overloaded, 'protobuf', 4)), {
    code: 8,
    message: 'gateway is at its in-flight limit; retry after 4 s',
    details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: { retryDelay: { seconds: 4 } } }],
  });
  const tooLarge = new VigilError('VGL_BODY_TOO_LARGE', 'body', 10);
  t.same(JSON.parse(statusBody(tooLarge, 'json', 4).toString()).details, [], 'neither retryable nor bad data: no details');
});
