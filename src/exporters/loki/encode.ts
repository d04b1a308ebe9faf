import snappy from 'snappy';
import { PUSH_REQUEST } from './push-proto.js';
import { labelText, type LokiStream } from './streams.js';

/** A push request ready to send (retries resend the same bytes). */
export interface LokiPush {
  readonly body: Buffer;
  readonly contentType: string;
  /** Entries in the push. */
  readonly items: number;
}

/** Streams as `logproto.PushRequest` protobuf, snappy block-compressed (what Loki's push API reads). */
export function encodeProtobuf(streams: readonly LokiStream[]): Buffer {
  const message = {
    streams: streams.map((stream) => ({
      labels: labelText(stream.labels),
      entries: stream.entries.map((entry) => ({
        timestamp: { seconds: entry.timeUnixNano.length > 9 ? entry.timeUnixNano.slice(0, -9) : '0', nanos: Number(entry.timeUnixNano.slice(-9)) },
        line: entry.line,
        structuredMetadata: entry.metadata.map(([name, value]) => ({ name, value })),
      })),
    })),
  };
  return snappy.compressSync(Buffer.from(PUSH_REQUEST.encode(message).finish()));
}

/** Streams as the push API's JSON (`{"streams":[{"stream":{…},"values":[[ns, line, metadata]]}]}`). */
export function encodeJson(streams: readonly LokiStream[]): Buffer {
  const body = {
    streams: streams.map((stream) => ({
      stream: stream.labels,
      values: stream.entries.map((entry) =>
        entry.metadata.length > 0 ? [entry.timeUnixNano, entry.line, Object.fromEntries(entry.metadata)] : [entry.timeUnixNano, entry.line],
      ),
    })),
  };
  return Buffer.from(JSON.stringify(body));
}
