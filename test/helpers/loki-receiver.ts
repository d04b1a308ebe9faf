import protobuf from 'protobufjs';
import snappy from 'snappy';
import type { ReceivedRequest } from './http-receiver.js';

// Loki's pkg/push/push.proto, as published (gogoproto options left out): the test decodes what
// arrives with this text, not with the exporter's own schema.
const PUSH_PROTO = `
syntax = "proto3";
package logproto;
import "google/protobuf/timestamp.proto";
message PushRequest { repeated StreamAdapter streams = 1; }
message StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
message LabelPairAdapter { string name = 1; string value = 2; }
message EntryAdapter { google.protobuf.Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
`;
const root = new protobuf.Root().addJSON(protobuf.common.get('google/protobuf/timestamp.proto')!.nested!);
const PUSH = protobuf.parse(PUSH_PROTO, root).root.resolveAll().lookupType('logproto.PushRequest');

/** One entry as the receiver read it. */
export interface PushedEntry {
  readonly labels: string;
  readonly timeUnixNano: string;
  readonly line: string;
  readonly metadata: Record<string, string>;
}

/** The entries of one push request, protobuf + snappy or JSON, decoded from the wire. */
export function decodePush(request: ReceivedRequest): PushedEntry[] {
  if (request.headers['content-type'] === 'application/json') {
    const body = JSON.parse(request.body.toString()) as { streams: { stream: Record<string, string>; values: [string, string, Record<string, string>?][] }[] };
    return body.streams.flatMap((s) =>
      s.values.map(([time, line, metadata]) => ({ labels: JSON.stringify(s.stream), timeUnixNano: time, line, metadata: metadata ?? {} })),
    );
  }
  const message = PUSH.toObject(PUSH.decode(snappy.uncompressSync(request.body) as Buffer), { longs: String }) as {
    streams: { labels: string; entries: { timestamp: { seconds: string; nanos: number }; line: string; structuredMetadata?: { name: string; value: string }[] }[] }[];
  };
  return message.streams.flatMap((s) =>
    s.entries.map((e) => ({
      labels: s.labels,
      timeUnixNano: `${e.timestamp.seconds}${String(e.timestamp.nanos ?? 0).padStart(9, '0')}`,
      line: e.line,
      metadata: Object.fromEntries((e.structuredMetadata ?? []).map((p) => [p.name, p.value])),
    })),
  );
}
