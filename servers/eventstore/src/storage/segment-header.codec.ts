import { crc32 } from 'node:zlib';
import { LogFormatError } from './log-record.codec.js';

/**
 * Each segment file starts with this 32-byte header (little-endian):
 *   magic "ESLOGSEG" | u32 format version | u32 segment number | u64 base (logical offset of the
 *   file's byte 0, so positions run on across segments) | u32 crc of bytes 0..24 | u32 reserved
 */
export const SEGMENT_HEADER_SIZE = 32;
const SEGMENT_MAGIC = Buffer.from('ESLOGSEG', 'latin1');
const FORMAT_VERSION = 1;

export interface SegmentHeader {
  segmentNumber: number;
  base: number;
}

export function encodeSegmentHeader(header: SegmentHeader): Buffer {
  const buf = Buffer.alloc(SEGMENT_HEADER_SIZE);
  SEGMENT_MAGIC.copy(buf, 0);
  buf.writeUInt32LE(FORMAT_VERSION, 8);
  buf.writeUInt32LE(header.segmentNumber, 12);
  buf.writeBigUInt64LE(BigInt(header.base), 16);
  buf.writeUInt32LE(crc32(buf.subarray(0, 24)), 24);
  return buf;
}

/** Returns undefined when the bytes are not a whole, valid header (e.g. a torn segment creation). */
export function decodeSegmentHeader(buf: Buffer): SegmentHeader | undefined {
  if (buf.length < SEGMENT_HEADER_SIZE || !buf.subarray(0, 8).equals(SEGMENT_MAGIC)) return undefined;
  if (buf.readUInt32LE(24) !== crc32(buf.subarray(0, 24))) return undefined;
  if (buf.readUInt32LE(8) !== FORMAT_VERSION) {
    throw new LogFormatError(`unsupported log format version ${buf.readUInt32LE(8)}`);
  }
  return { segmentNumber: buf.readUInt32LE(12), base: Number(buf.readBigUInt64LE(16)) };
}
