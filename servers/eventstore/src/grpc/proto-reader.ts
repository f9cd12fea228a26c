import { invalidArgumentError, RequestError } from './status-errors.js';

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/**
 * A minimal protobuf wire reader over one buffer: fields in order, length-delimited payloads as
 * views (no copy), unknown fields skipped. Malformed input throws a RequestError (INVALID_ARGUMENT).
 */
export class ProtoReader {
  private at: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.at = start;
  }

  /** The next field's number and wire type, or undefined at the end. */
  next(): { field: number; wireType: number } | undefined {
    if (this.at >= this.end) return undefined;
    const key = this.varint();
    return { field: Math.floor(key / 8), wireType: key % 8 };
  }

  /** A varint as a number; above 2^53 precision is lost (see `bigVarint`). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.at >= this.end) throw malformed('truncated varint');
      const byte = this.buf[this.at++]!;
      value += (byte & 127) * scale;
      if (byte < 128) return value;
      scale *= 128;
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** A varint as an unsigned 64-bit bigint (uint64 fields, int64 bit patterns). */
  bigVarint(): bigint {
    let value = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.at >= this.end) throw malformed('truncated varint');
      const byte = this.buf[this.at++]!;
      value |= BigInt(byte & 127) << shift;
      if (byte < 128) return BigInt.asUintN(64, value);
      shift += 7n;
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** The payload of a length-delimited field, as a view of the buffer. */
  bytes(): Buffer {
    const length = this.varint();
    if (length > this.end - this.at) throw malformed('field runs past the end of its message');
    const view = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return view;
  }

  /** A reader over the payload of a length-delimited (embedded message) field. */
  message(): ProtoReader {
    const view = this.bytes();
    return new ProtoReader(view);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        return this.advance(8);
      case LENGTH_DELIMITED:
        this.bytes();
        return;
      case FIXED32:
        return this.advance(4);
      default:
        throw malformed(`unsupported wire type ${wireType}`);
    }
  }

  /** Checks a field's wire type before it is read as such. */
  expect(wireType: number, expected: 'varint' | 'bytes'): void {
    if (wireType !== (expected === 'varint' ? VARINT : LENGTH_DELIMITED)) {
      throw malformed(`wire type ${wireType} where ${expected} was expected`);
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.at) throw malformed('truncated field');
    this.at += n;
  }
}

function malformed(detail: string): RequestError {
  return new RequestError(invalidArgumentError(`Malformed request: ${detail}`));
}
