/** The OTLP codec shared by receivers and exporters: the proto schema, protobuf and JSON decode, encode. */
export { decodeLogsRequest, decodeTraceRequest } from './decode.js';
export { encodeLogsRequest, encodeTraceRequest } from './encode.js';
export { logsRequestFromJson, traceRequestFromJson } from './json.js';
export { encodeMessage, MAX_NESTING, TYPES } from './proto-schema.js';
export { logsRequestToJson, traceRequestToJson } from './to-json.js';
export { appendAttributes } from './append-attributes.js';
