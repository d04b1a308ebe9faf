import protobuf from 'protobufjs/light.js';

/**
 * Loki's push request (`logproto.PushRequest`, pkg/push/push.proto): streams of a label set and
 * its entries; each entry has a timestamp, the line and (Loki 3) structured metadata. Built once.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: { protobuf: { nested: { Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } } } } },
    },
    logproto: {
      nested: {
        PushRequest: { fields: { streams: { rule: 'repeated', type: 'StreamAdapter', id: 1 } } },
        StreamAdapter: {
          fields: { labels: { type: 'string', id: 1 }, entries: { rule: 'repeated', type: 'EntryAdapter', id: 2 }, hash: { type: 'uint64', id: 3 } },
        },
        LabelPairAdapter: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        EntryAdapter: {
          fields: {
            timestamp: { type: 'google.protobuf.Timestamp', id: 1 },
            line: { type: 'string', id: 2 },
            structuredMetadata: { rule: 'repeated', type: 'LabelPairAdapter', id: 3 },
          },
        },
      },
    },
  },
}).resolveAll();

/** The `logproto.PushRequest` type. */
export const PUSH_REQUEST = root.lookupType('logproto.PushRequest');
