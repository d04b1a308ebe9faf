import { Type, type Static } from '@sinclair/typebox';
import { DeliverySchema } from '../helper/index.js';
import { TlsSchema } from '../http/index.js';

/** `exporters: otlp/<name>:` — another collector, over OTLP/HTTP protobuf or OTLP/gRPC. */
export const OtlpSchema = Type.Object(
  {
    endpoint: Type.String({ minLength: 1, default: 'http://127.0.0.1:4318', description: 'http(s)://host:port[/base]; /v1/traces and /v1/logs are appended (gRPC: host:port)' }),
    protocol: Type.Union([Type.Literal('http/protobuf'), Type.Literal('grpc')], { default: 'http/protobuf' }),
    compression: Type.Union([Type.Literal('gzip'), Type.Literal('none')], { default: 'gzip' }),
    headers: Type.Record(Type.String(), Type.String(), { default: {}, description: 'sent with every request (HTTP headers or gRPC metadata), e.g. authorization' }),
    tls: TlsSchema,
    ...DeliverySchema,
  },
  { additionalProperties: false, default: {} },
);

/** An otlp exporter's options as loaded. */
export type OtlpConfig = Static<typeof OtlpSchema>;
