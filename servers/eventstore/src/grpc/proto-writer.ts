/** Protobuf wire writing for the hand-encoded answers (read-event.encoder.ts, batch-append.codec.ts). */
const WIRE_LEN = 2;

/** A length-delimited field's tag and length; returns where its payload starts. */
export function writeTag(buf: Buffer, at: number, field: number, length: number): number {
  buf[at] = (field << 3) | WIRE_LEN;
  return writeVarint(buf, at + 1, length);
}

/** Bytes of a length-delimited field (one-byte tag) carrying `length` bytes. */
export function fieldSize(length: number): number {
  return 1 + varintSize(length) + length;
}

export function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

export function writeVarint(buf: Buffer, at: number, value: number): number {
  while (value >= 128) {
    buf[at++] = (value % 128) | 128;
    value = Math.floor(value / 128);
  }
  buf[at++] = value;
  return at;
}

export function bigVarintSize(value: bigint): number {
  let size = 1;
  while (value >= 128n) {
    value >>= 7n;
    size++;
  }
  return size;
}

export function writeBigVarint(buf: Buffer, at: number, value: bigint): number {
  while (value >= 128n) {
    buf[at++] = Number(value & 127n) | 128;
    value >>= 7n;
  }
  buf[at++] = Number(value);
  return at;
}

/** Bytes of the varint of the unsigned 64-bit value `hi` * 2^32 + `lo` (two uint32 halves). */
export function varint64Size(hi: number, lo: number): number {
  return hi === 0 ? varintSize(lo) : Math.ceil((64 - Math.clz32(hi)) / 7);
}

/** Writes the varint of `hi` * 2^32 + `lo` with 32-bit arithmetic: no bigint on a hot path. */
export function writeVarint64(buf: Buffer, at: number, hi: number, lo: number): number {
  while (hi !== 0 || lo >= 128) {
    buf[at++] = (lo & 127) | 128;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  buf[at++] = lo;
  return at;
}

/** An empty message field (google.protobuf.Empty): its tag and a zero length. */
export function writeEmpty(buf: Buffer, at: number, field: number): number {
  buf[at] = (field << 3) | WIRE_LEN;
  buf[at + 1] = 0;
  return at + 2;
}

/** A uint64 field's value: a number below 2^53, else a bigint. */
export type Uint64 = number | bigint;

export function uint64Size(value: Uint64): number {
  return typeof value === 'number' ? varintSize(value) : bigVarintSize(value);
}

export function writeUint64(buf: Buffer, at: number, value: Uint64): number {
  return typeof value === 'number' ? writeVarint(buf, at, value) : writeBigVarint(buf, at, value);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function toUint64(value: bigint): Uint64 {
  return value <= MAX_SAFE ? Number(value) : value;
}
