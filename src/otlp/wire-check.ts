import protobuf from 'protobufjs/light.js';
import { MAX_NESTING } from './proto-schema.js';

/**
 * A strict walk over the protobuf wire format of one message, run before protobufjs decodes it.
 * protobufjs trusts tags: it reads a known field by its number whatever the wire type says and
 * silently skips field number 0, so some malformed bodies would decode into a plausible request.
 * The encoding rules (protobuf.dev/programming-guides/encoding) make both invalid; this walk refuses
 * them, checks every length against its enclosing message and bounds nesting, without allocating.
 */

interface WireField {
  readonly wireType: number;
  /** Repeated numbers may also arrive packed (wire type 2). */
  readonly packable: boolean;
  readonly nested: WireTable | undefined;
}

/** Fields of one message by field number. */
type WireTable = readonly (WireField | undefined)[];

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;
const SCALAR_WIRE_TYPES: Readonly<Record<string, number>> = {
  double: FIXED64,
  fixed64: FIXED64,
  sfixed64: FIXED64,
  float: FIXED32,
  fixed32: FIXED32,
  sfixed32: FIXED32,
  string: LENGTH_DELIMITED,
  bytes: LENGTH_DELIMITED,
};

/** The wire table of a protobufjs type, with its nested messages (cycles share one table). */
export function wireTable(type: protobuf.Type, seen = new Map<protobuf.Type, WireField[]>()): WireTable {
  const known = seen.get(type);
  if (known) return known;
  const table: WireField[] = [];
  seen.set(type, table);
  for (const f of type.fieldsArray) {
    const resolved = f.resolve().resolvedType;
    const nested = resolved instanceof protobuf.Type ? wireTable(resolved, seen) : undefined;
    const wireType = nested ? LENGTH_DELIMITED : SCALAR_WIRE_TYPES[f.type] ?? VARINT;
    table[f.id] = { wireType, packable: f.repeated && wireType !== LENGTH_DELIMITED, nested };
  }
  return table;
}

// Why a body is not a well-formed message, and where the walk stopped.
class WireError extends Error {
  constructor(reason: string, offset: number) {
    super(`${reason} at offset ${offset}`);
  }
}

// The value of the last varint read; varints here are tags and lengths, checked against bounds.
let lastVarint = 0;

function readVarint(buf: Uint8Array, pos: number, end: number): number {
  if (pos < end && buf[pos] < 0x80) {
    lastVarint = buf[pos];
    return pos + 1;
  }
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++, pos++) {
    if (pos >= end) throw new WireError('truncated varint', pos);
    const byte = buf[pos];
    result += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) {
      lastVarint = result;
      return pos + 1;
    }
  }
  throw new WireError('varint longer than 10 bytes', pos);
}

function walk(buf: Uint8Array, table: WireTable | undefined, pos: number, end: number, depth: number, group: number): number {
  if (depth > MAX_NESTING) throw new WireError(`nesting deeper than ${MAX_NESTING}`, pos);
  while (pos < end) {
    const at = pos;
    pos = readVarint(buf, pos, end);
    const tag = lastVarint;
    if (tag > 0xffffffff) throw new WireError('tag longer than 32 bits', at);
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number === 0) throw new WireError('invalid field number 0', at);
    const field = table !== undefined && number < table.length ? table[number] : undefined;
    if (field !== undefined && wireType !== field.wireType && !(field.packable && wireType === LENGTH_DELIMITED)) {
      throw new WireError(`wire type ${wireType} for field ${number}, ${field.wireType} expected`, at);
    }
    switch (wireType) {
      case VARINT:
        pos = readVarint(buf, pos, end);
        break;
      case FIXED64:
        pos += 8;
        break;
      case FIXED32:
        pos += 4;
        break;
      case LENGTH_DELIMITED: {
        pos = readVarint(buf, pos, end);
        const length = lastVarint;
        if (length > end - pos) throw new WireError(`length ${length} runs past the end of its message`, at);
        if (field?.nested !== undefined) walk(buf, field.nested, pos, pos + length, depth + 1, 0);
        pos += length;
        break;
      }
      case START_GROUP:
        // Groups are obsolete but legal for unknown fields; skip one to its matching end.
        pos = walk(buf, undefined, pos, end, depth + 1, number);
        break;
      case END_GROUP:
        if (number !== group) throw new WireError(`unexpected end of group ${number}`, at);
        return pos;
      default:
        throw new WireError(`invalid wire type ${wireType}`, at);
    }
    if (pos > end) throw new WireError('field runs past the end of its message', at);
  }
  if (group !== 0) throw new WireError(`group ${group} is not closed`, pos);
  return pos;
}

/** Throws a WireError unless `buf` is a well-formed message of the table's type. */
export function checkWire(buf: Uint8Array, table: WireTable): void {
  walk(buf, table, 0, buf.length, 0, 0);
}
