/**
 * Every error Vigil reports, in one table: a stable code, an HTTP status for the receivers and
 * whether the sender should retry. Retryability comes from the code, never from a message's text.
 */
export const ERRORS = {
  VGL_BAD_PROTOBUF: { status: 400, retryable: false, message: 'request body is not a valid %s protobuf message: %s' },
  VGL_BAD_JSON: { status: 400, retryable: false, message: 'request body is not valid OTLP/JSON: %s' },
  VGL_BAD_GZIP: { status: 400, retryable: false, message: 'request body is not valid gzip: %s' },
  VGL_BAD_REQUEST: { status: 400, retryable: false, message: 'malformed request: %s' },
  VGL_INVALID_IDS: { status: 400, retryable: false, message: '%d %s rejected: %s' },
  VGL_UNAUTHENTICATED: { status: 401, retryable: false, message: 'request is not authenticated: %s' },
  VGL_METHOD_NOT_ALLOWED: { status: 405, retryable: false, message: 'method %s is not allowed; OTLP exports use POST' },
  VGL_BODY_TOO_LARGE: { status: 413, retryable: false, message: 'request body exceeds the %s limit of %d bytes' },
  VGL_UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: 'unsupported content type %s; use application/x-protobuf or application/json' },
  VGL_UNSUPPORTED_ENCODING: { status: 415, retryable: false, message: 'unsupported content encoding %s; use gzip or none' },
  VGL_OVERLOADED: { status: 429, retryable: true, message: 'gateway is at its in-flight limit; retry after %d s' },
  VGL_SHUTTING_DOWN: { status: 503, retryable: true, message: 'gateway is shutting down' },
  VGL_PIPELINE_FAILED: { status: 503, retryable: true, message: 'pipeline could not accept the batch: %s' },
  VGL_EXPORTER_FULL: { status: 503, retryable: true, message: 'exporter %s cannot accept more: its queue is at its budget of %d bytes' },
  VGL_EXPORTER_QUEUE_FAILED: { status: 503, retryable: true, message: 'exporter %s could not queue the batch: %s' },
  VGL_INTERNAL: { status: 500, retryable: false, message: 'internal error: %s' },
  VGL_CONFIG_INVALID: { status: 0, retryable: false, message: 'configuration is invalid:\n%s' },
  VGL_RULES_INVALID: { status: 0, retryable: false, message: 'rules did not compile:\n%s' },
  VGL_COMMAND_FAILED: { status: 0, retryable: false, message: '%s' },
} as const;

/** One code of the error table. */
export type ErrorCode = keyof typeof ERRORS;

/** An error with a code from the table; its status and retryability follow from the code. */
export class VigilError extends Error {
  readonly status: number;
  readonly retryable: boolean;

  constructor(
    readonly code: ErrorCode,
    ...args: (string | number)[]
  ) {
    let i = 0;
    super(ERRORS[code].message.replace(/%[sd]/g, () => String(args[i++] ?? '')));
    this.name = 'VigilError';
    this.status = ERRORS[code].status;
    this.retryable = ERRORS[code].retryable;
  }
}
