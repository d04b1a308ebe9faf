/**
 * Appends bytes to the end of every span (or log record) inside an encoded
 * Export{Trace,Logs}ServiceRequest without decoding it. Protobuf merges a repeated field that
 * appears again later in a message (Encoding, "Last One Wins" / repeated fields append), so
 * appended `attributes` entries are simply more attributes. Only the three enclosing length
 * prefixes (request → resource → scope → item) change; everything else is copied as received.
 * Both signals nest the same way: resource_* = 1, scope_* = 2, spans / log_records = 2.
 */

const LENGTH_DELIMITED = 2;
const CHILD_FIELD = [1, 2, 2] as const;

function readVarint(buf: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, pos];
    shift += 7;
    if (shift > 63) throw new Error('varint too long');
  }
}

function varint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Uint8Array.from(out);
}

function skip(buf: Uint8Array, pos: number, wireType: number): number {
  switch (wireType) {
    case 0:
      return readVarint(buf, pos)[1];
    case 1:
      return pos + 8;
    case 5:
      return pos + 4;
    case LENGTH_DELIMITED: {
      const [length, next] = readVarint(buf, pos);
      return next + length;
    }
    default:
      throw new Error(`unexpected wire type ${wireType}`);
  }
}

/**
 * The request with `extras[i]` appended to the i-th item in wire order (the order the decoder and
 * the event model see them). Throws when the items and the extras do not pair up, so the caller
 * can fall back to encoding the decoded request.
 */
export function appendToItems(bytes: Uint8Array, extras: readonly Uint8Array[]): Buffer {
  const chunks: Uint8Array[] = [];
  let item = 0;
  const walk = (start: number, end: number, level: number): number => {
    let written = 0;
    let run = start;
    let pos = start;
    while (pos < end) {
      const [tag, afterTag] = readVarint(bytes, pos);
      const wireType = tag & 7;
      if (wireType !== LENGTH_DELIMITED || tag >>> 3 !== CHILD_FIELD[level]) {
        pos = skip(bytes, afterTag, wireType);
        continue;
      }
      const [length, contentStart] = readVarint(bytes, afterTag);
      const contentEnd = contentStart + length;
      if (contentEnd > end) throw new Error('length past the end of its message');
      chunks.push(bytes.subarray(run, afterTag));
      written += afterTag - run;
      const slot = chunks.push(new Uint8Array(0)) - 1;
      let inner: number;
      if (level === 2) {
        const extra = extras[item++];
        if (extra === undefined) throw new Error('more items than annotations');
        chunks.push(bytes.subarray(contentStart, contentEnd), extra);
        inner = length + extra.length;
      } else {
        inner = walk(contentStart, contentEnd, level + 1);
      }
      chunks[slot] = varint(inner);
      written += chunks[slot].length + inner;
      pos = run = contentEnd;
    }
    if (pos !== end) throw new Error('field past the end of its message');
    chunks.push(bytes.subarray(run, end));
    return written + (end - run);
  };
  walk(0, bytes.length, 0);
  if (item !== extras.length) throw new Error('fewer items than annotations');
  return Buffer.concat(chunks);
}
