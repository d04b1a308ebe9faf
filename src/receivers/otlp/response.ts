import type protobuf from 'protobufjs/light.js';
import { encodeMessage } from '../../otlp/index.js';
import { jsonBytes, type Encoding } from './status.js';
import type { Rejection } from './validate.js';

/** What a signal's response looks like. */
export interface ResponseShape {
  /** Export{Trace,Logs}ServiceResponse. */
  readonly responseType: protobuf.Type;
  /** The count field of its partial_success. */
  readonly rejectedField: 'rejectedSpans' | 'rejectedLogRecords';
}

const FULL_SUCCESS_PROTOBUF = Buffer.alloc(0);
const FULL_SUCCESS_JSON = Buffer.from('{}');

/**
 * The Export*ServiceResponse for an accepted request, in the request's encoding. OTLP Full
 * Success: partial_success MUST be left unset; Partial Success: it MUST carry the rejected count,
 * and the error_message SHOULD say why (int64 as a decimal string in JSON, per the proto3 mapping).
 */
export function exportResponse(shape: ResponseShape, encoding: Encoding, rejection: Rejection | undefined): Buffer {
  if (rejection === undefined) return encoding === 'protobuf' ? FULL_SUCCESS_PROTOBUF : FULL_SUCCESS_JSON;
  if (encoding === 'json') return jsonBytes({ partialSuccess: { [shape.rejectedField]: String(rejection.count), errorMessage: rejection.message } });
  return encodeMessage(shape.responseType, { partialSuccess: { [shape.rejectedField]: rejection.count, errorMessage: rejection.message } });
}
