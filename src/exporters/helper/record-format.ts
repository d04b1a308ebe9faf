import { crc32 } from 'node:zlib';

// A record on disk: a 20-byte little-endian header, then the payload.
//   u32 payload length | u32 CRC-32 of bytes 8..20 and the payload | u32 items | f64 queued-at ms
// The CRC makes a torn write at the tail (a crash mid-append) detectable, so replay stops there.

/** Bytes of a record header. */
export const HEADER_BYTES = 20;

/** A record's header fields. */
export interface RecordHeader {
  readonly length: number;
  readonly items: number;
  readonly timeMs: number;
}

/** The header of a record whose payload follows it. */
export function encodeHeader(payload: Uint8Array, items: number, timeMs: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(items, 8);
  header.writeDoubleLE(timeMs, 12);
  header.writeUInt32LE(crc32(payload, crc32(header.subarray(8))), 4);
  return header;
}

/** The header at `offset`, or undefined when fewer than HEADER_BYTES remain. */
export function decodeHeader(buf: Buffer, offset: number): RecordHeader | undefined {
  if (buf.length - offset < HEADER_BYTES) return undefined;
  return { length: buf.readUInt32LE(offset), items: buf.readUInt32LE(offset + 8), timeMs: buf.readDoubleLE(offset + 12) };
}

/** True when the record's CRC matches its header fields and payload. */
export function checksumMatches(header: Buffer, payload: Buffer): boolean {
  return header.readUInt32LE(4) === crc32(payload, crc32(header.subarray(8, HEADER_BYTES)));
}
