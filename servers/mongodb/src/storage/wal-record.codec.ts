import { crc32 } from 'node:zlib';
import { deserialize, serialize, type DeserializeOptions, type Document } from 'bson';
import type { Change } from './mongo-storage.js';

/**
 * One record, as laid out in log and snapshot files (little-endian):
 *
 *   0  u32  payload length
 *   4  u32  crc32 of bytes 0..3 and 8..end (so a damaged length is caught too)
 *   8  u64  sequence number (a batch number in the log, a record index in a snapshot)
 *  16  u64  sequence number of the first record of the write group (0 in snapshots)
 *  24       payload: BSON documents back to back
 *
 * The group field lets recovery tell a torn last write (whose pages may reach the disk in any
 * order) from damage to a record that a later write proves was already synced.
 */
export const RECORD_HEADER_BYTES = 24;
export const MAX_PAYLOAD_BYTES = 0xffff_ffff;

/** Every BSON type comes back as itself: Int32 stays Int32, Double 1.0 stays Double, Long stays Long. */
const DESERIALIZE_OPTIONS: DeserializeOptions = {
  promoteLongs: false,
  promoteValues: false,
  promoteBuffers: false,
  bsonRegExp: true,
  useBigInt64: false,
};

/** Serialises each change as its own BSON document (each stays under bson's 17 MB buffer). */
export function encodeChanges(changes: readonly Change[]): Buffer[] {
  // ignoreUndefined: false keeps a field whose value is undefined (as null) instead of dropping it.
  return changes.map((change) => serialize(change as Document, { ignoreUndefined: false }) as Buffer);
}

export function decodeChanges(payload: Uint8Array): Change[] {
  const changes: Change[] = [];
  for (const doc of decodeDocuments(payload)) changes.push(doc as Change);
  return changes;
}

export function* decodeDocuments(payload: Uint8Array): Generator<Document> {
  const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  let offset = 0;
  while (offset < view.length) {
    if (view.length - offset < 5) throw new Error(`BSON document header cut at payload offset ${offset}`);
    const size = view.readInt32LE(offset);
    if (size < 5 || offset + size > view.length) {
      throw new Error(`BSON document of ${size} bytes overruns payload at offset ${offset}`);
    }
    yield deserialize(view.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
    offset += size;
  }
}

/** Builds a record with its group field and checksum still unset: see `sealRecord`. */
export function frameRecord(documents: readonly Uint8Array[], seq: number): Buffer {
  let payloadBytes = 0;
  for (const doc of documents) payloadBytes += doc.length;
  if (payloadBytes > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`record payload of ${payloadBytes} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  }
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadBytes);
  record.writeUInt32LE(payloadBytes, 0);
  writeU64(record, 8, seq);
  writeU64(record, 16, 0);
  let offset = RECORD_HEADER_BYTES;
  for (const doc of documents) {
    record.set(doc, offset);
    offset += doc.length;
  }
  return record;
}

/** Sets the group field and the checksum; done when the write group is formed. */
export function sealRecord(record: Buffer, groupFirstSeq: number): void {
  writeU64(record, 16, groupFirstSeq);
  record.writeUInt32LE(recordChecksum(record, 0, record.length), 4);
}

export function encodeRecord(documents: readonly Uint8Array[], seq: number, groupFirstSeq = 0): Buffer {
  const record = frameRecord(documents, seq);
  sealRecord(record, groupFirstSeq);
  return record;
}

export interface ParsedRecord {
  kind: 'record';
  seq: number;
  groupFirstSeq: number;
  payload: Buffer;
  /** Offset just past the record. */
  end: number;
}

/** `incomplete`: the record runs past the bytes given; `checksum`: the bytes are there but damaged. */
export type ParseResult = ParsedRecord | { kind: 'incomplete'; needed: number } | { kind: 'checksum' };

export function parseRecord(buf: Buffer, offset: number, limit = buf.length): ParseResult {
  if (limit - offset < RECORD_HEADER_BYTES) return { kind: 'incomplete', needed: RECORD_HEADER_BYTES };
  const payloadBytes = buf.readUInt32LE(offset);
  const end = offset + RECORD_HEADER_BYTES + payloadBytes;
  if (end > limit) return { kind: 'incomplete', needed: RECORD_HEADER_BYTES + payloadBytes };
  if (recordChecksum(buf, offset, end) !== buf.readUInt32LE(offset + 4)) return { kind: 'checksum' };
  return {
    kind: 'record',
    seq: readU64(buf, offset + 8),
    groupFirstSeq: readU64(buf, offset + 16),
    payload: buf.subarray(offset + RECORD_HEADER_BYTES, end),
    end,
  };
}

/**
 * Finds the first intact record at or after `from` whose write group started after
 * `groupFirstAbove`: proof that the writes before it had been synced. Byte by byte, because
 * the damaged record's length cannot be trusted; cheap filters come before the checksum.
 */
export function findRecordOfLaterGroup(
  buf: Buffer,
  from: number,
  groupFirstAbove: number,
): ParsedRecord | undefined {
  for (let offset = from; offset + RECORD_HEADER_BYTES <= buf.length; offset++) {
    const end = offset + RECORD_HEADER_BYTES + buf.readUInt32LE(offset);
    if (end > buf.length) continue;
    const seq = readU64(buf, offset + 8);
    const groupFirstSeq = readU64(buf, offset + 16);
    if (groupFirstSeq <= groupFirstAbove || seq < groupFirstSeq) continue;
    const parsed = parseRecord(buf, offset);
    if (parsed.kind === 'record') return parsed;
  }
  return undefined;
}

function recordChecksum(buf: Buffer, start: number, end: number): number {
  return crc32(buf.subarray(start + 8, end), crc32(buf.subarray(start, start + 4)));
}

function writeU64(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt32LE(value % 0x1_0000_0000, offset);
  buf.writeUInt32LE(Math.floor(value / 0x1_0000_0000), offset + 4);
}

function readU64(buf: Buffer, offset: number): number {
  return buf.readUInt32LE(offset + 4) * 0x1_0000_0000 + buf.readUInt32LE(offset);
}
