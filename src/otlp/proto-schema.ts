import protobuf from 'protobufjs/light.js';

/**
 * The OTLP messages the receivers read and write, as protobufjs reflection built once. Field
 * numbers and types follow the published wire format (opentelemetry-proto: common/v1, resource/v1,
 * trace/v1, logs/v1, collector/{trace,logs}/v1) and google/rpc/{status,error_details}.proto; field
 * names are the lowerCamelCase names protobufjs decodes into (src/event/otlp-shape.ts).
 * The alpha profiling-only fields (AnyValue.string_value_strindex, KeyValue.key_strindex) are left
 * out on purpose: the spec tells other signals to process data as if they were absent.
 */

/** Nesting deeper than this is refused in either encoding: protoc's default recursion limit. */
export const MAX_NESTING = 100;

type FieldJson = { type: string; id: number; rule?: 'repeated' };
type Fields = Record<string, FieldJson>;

const field = (id: number, type: string): FieldJson => ({ type, id });
const repeated = (id: number, type: string): FieldJson => ({ type, id, rule: 'repeated' });
const message = (fields: Fields, nested?: Record<string, object>) => ({ fields, ...(nested && { nested }) });
const enumOf = (names: readonly string[]) => ({ values: Object.fromEntries(names.map((name, i) => [name, i])) });

const KV = 'opentelemetry.proto.common.v1.KeyValue';
const ANY = 'opentelemetry.proto.common.v1.AnyValue';
const SCOPE = 'opentelemetry.proto.common.v1.InstrumentationScope';
const RESOURCE = 'opentelemetry.proto.resource.v1.Resource';

const SEVERITY_NAMES = ['UNSPECIFIED', ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) => [level, `${level}2`, `${level}3`, `${level}4`])];

const common = {
  AnyValue: {
    oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
    fields: {
      stringValue: field(1, 'string'),
      boolValue: field(2, 'bool'),
      intValue: field(3, 'int64'),
      doubleValue: field(4, 'double'),
      arrayValue: field(5, 'ArrayValue'),
      kvlistValue: field(6, 'KeyValueList'),
      bytesValue: field(7, 'bytes'),
    },
  },
  ArrayValue: message({ values: repeated(1, 'AnyValue') }),
  KeyValueList: message({ values: repeated(1, 'KeyValue') }),
  KeyValue: message({ key: field(1, 'string'), value: field(2, 'AnyValue') }),
  InstrumentationScope: message({ name: field(1, 'string'), version: field(2, 'string'), attributes: repeated(3, 'KeyValue'), droppedAttributesCount: field(4, 'uint32') }),
  EntityRef: message({ schemaUrl: field(1, 'string'), type: field(2, 'string'), idKeys: repeated(3, 'string'), descriptionKeys: repeated(4, 'string') }),
};

const resource = {
  Resource: message({ attributes: repeated(1, KV), droppedAttributesCount: field(2, 'uint32'), entityRefs: repeated(3, 'opentelemetry.proto.common.v1.EntityRef') }),
};

const trace = {
  ResourceSpans: message({ resource: field(1, RESOURCE), scopeSpans: repeated(2, 'ScopeSpans'), schemaUrl: field(3, 'string') }),
  ScopeSpans: message({ scope: field(1, SCOPE), spans: repeated(2, 'Span'), schemaUrl: field(3, 'string') }),
  Span: message(
    {
      traceId: field(1, 'bytes'),
      spanId: field(2, 'bytes'),
      traceState: field(3, 'string'),
      parentSpanId: field(4, 'bytes'),
      flags: field(16, 'fixed32'),
      name: field(5, 'string'),
      kind: field(6, 'SpanKind'),
      startTimeUnixNano: field(7, 'fixed64'),
      endTimeUnixNano: field(8, 'fixed64'),
      attributes: repeated(9, KV),
      droppedAttributesCount: field(10, 'uint32'),
      events: repeated(11, 'Event'),
      droppedEventsCount: field(12, 'uint32'),
      links: repeated(13, 'Link'),
      droppedLinksCount: field(14, 'uint32'),
      status: field(15, 'Status'),
    },
    {
      SpanKind: enumOf(['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER']),
      Event: message({ timeUnixNano: field(1, 'fixed64'), name: field(2, 'string'), attributes: repeated(3, KV), droppedAttributesCount: field(4, 'uint32') }),
      Link: message({
        traceId: field(1, 'bytes'),
        spanId: field(2, 'bytes'),
        traceState: field(3, 'string'),
        attributes: repeated(4, KV),
        droppedAttributesCount: field(5, 'uint32'),
        flags: field(6, 'fixed32'),
      }),
    },
  ),
  Status: message({ message: field(2, 'string'), code: field(3, 'StatusCode') }, { StatusCode: enumOf(['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR']) }),
};

const logs = {
  SeverityNumber: enumOf(SEVERITY_NAMES.map((level) => `SEVERITY_NUMBER_${level}`)),
  ResourceLogs: message({ resource: field(1, RESOURCE), scopeLogs: repeated(2, 'ScopeLogs'), schemaUrl: field(3, 'string') }),
  ScopeLogs: message({ scope: field(1, SCOPE), logRecords: repeated(2, 'LogRecord'), schemaUrl: field(3, 'string') }),
  LogRecord: message({
    timeUnixNano: field(1, 'fixed64'),
    observedTimeUnixNano: field(11, 'fixed64'),
    severityNumber: field(2, 'SeverityNumber'),
    severityText: field(3, 'string'),
    body: field(5, ANY),
    attributes: repeated(6, KV),
    droppedAttributesCount: field(7, 'uint32'),
    flags: field(8, 'fixed32'),
    traceId: field(9, 'bytes'),
    spanId: field(10, 'bytes'),
    eventName: field(12, 'string'),
  }),
};

const collector = (prefix: 'Trace' | 'Logs', listField: string, listType: string, rejectedField: string) => ({
  [`Export${prefix}ServiceRequest`]: message({ [listField]: repeated(1, listType) }),
  [`Export${prefix}ServiceResponse`]: message({ partialSuccess: field(1, `Export${prefix}PartialSuccess`) }),
  [`Export${prefix}PartialSuccess`]: message({ [rejectedField]: field(1, 'int64'), errorMessage: field(2, 'string') }),
});

const google = {
  rpc: {
    nested: {
      Status: message({ code: field(1, 'int32'), message: field(2, 'string'), details: repeated(3, 'google.protobuf.Any') }),
      BadRequest: message({ fieldViolations: repeated(1, 'FieldViolation') }, { FieldViolation: message({ field: field(1, 'string'), description: field(2, 'string') }) }),
      RetryInfo: message({ retryDelay: field(1, 'google.protobuf.Duration') }),
    },
  },
  protobuf: {
    nested: {
      Any: message({ typeUrl: field(1, 'string'), value: field(2, 'bytes') }),
      Duration: message({ seconds: field(1, 'int64'), nanos: field(2, 'int32') }),
    },
  },
};

const root = protobuf.Root.fromJSON({
  nested: {
    opentelemetry: {
      nested: {
        proto: {
          nested: {
            common: { nested: { v1: { nested: common } } },
            resource: { nested: { v1: { nested: resource } } },
            trace: { nested: { v1: { nested: trace } } },
            logs: { nested: { v1: { nested: logs } } },
            collector: {
              nested: {
                trace: { nested: { v1: { nested: collector('Trace', 'resourceSpans', 'opentelemetry.proto.trace.v1.ResourceSpans', 'rejectedSpans') } } },
                logs: { nested: { v1: { nested: collector('Logs', 'resourceLogs', 'opentelemetry.proto.logs.v1.ResourceLogs', 'rejectedLogRecords') } } },
              },
            },
          },
        },
      },
    },
    google: { nested: google },
  },
}).resolveAll();

// protobufjs puts every field's default on the message prototype, so an unset oneof member would
// read as '' / false / Long(0); the event model tells AnyValue members apart by null.
const anyValue = root.lookupType(ANY);
const anyValuePrototype = anyValue.ctor.prototype as Record<string, unknown>;
for (const name of anyValue.oneofs.value.oneof) anyValuePrototype[name] = null;

const type = (name: string): protobuf.Type => root.lookupType(name);

/** The OTLP and google.rpc message types, resolved once at load. */
export const TYPES = {
  traceRequest: type('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
  traceResponse: type('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
  logsRequest: type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
  logsResponse: type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
  span: type('opentelemetry.proto.trace.v1.Span'),
  logRecord: type('opentelemetry.proto.logs.v1.LogRecord'),
  status: type('google.rpc.Status'),
  badRequest: type('google.rpc.BadRequest'),
  retryInfo: type('google.rpc.RetryInfo'),
} as const;

/** A message as protobuf bytes, in the Buffer that Fastify and grpc-js send as it is. */
export function encodeMessage(type: protobuf.Type, message: object): Buffer {
  const bytes = type.encode(message).finish();
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
