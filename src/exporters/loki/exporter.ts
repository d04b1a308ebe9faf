import type { Destination, DestinationFactory, TelemetryBatch } from '../component.js';
import { clientFor, resultFromError, resultFromResponse } from '../http/index.js';
import { recordsOf } from '../records/index.js';
import { LokiSchema, type LokiConfig } from './config.js';
import { encodeJson, encodeProtobuf, type LokiPush } from './encode.js';
import { resultOf400 } from './response.js';
import { toStreams } from './streams.js';

const PUSH_PATH = '/loki/api/v1/push';

/** The `loki` exporter: the push API, protobuf + snappy or JSON, low-cardinality labels. */
export const lokiFactory: DestinationFactory<LokiConfig, TelemetryBatch, LokiPush> = {
  type: 'loki',
  schema: LokiSchema,
  create(_name, config, context): Destination<TelemetryBatch, LokiPush> {
    const client = clientFor(config, context, config.tenant_id === '' ? {} : { 'x-scope-orgid': config.tenant_id });
    const streamOptions = { labels: config.labels, staticLabels: config.static_labels, structuredMetadata: config.structured_metadata };
    const protobuf = config.encoding === 'protobuf';
    return {
      encode(batch) {
        const records = recordsOf(batch, config.mapping);
        const streams = toStreams(records, streamOptions);
        return protobuf
          ? { body: encodeProtobuf(streams), contentType: 'application/x-protobuf', items: records.length }
          : { body: encodeJson(streams), contentType: 'application/json', items: records.length };
      },
      async send(push, signal) {
        try {
          const response = await client.request({ path: PUSH_PATH, body: push.body, headers: { 'content-type': push.contentType } }, signal);
          if (response.status === 400) return resultOf400(response.body.toString('utf8'), push.items);
          return resultFromResponse(response, push.items);
        } catch (error) {
          return resultFromError(error);
        }
      },
      close: () => client.close(),
    };
  },
};
