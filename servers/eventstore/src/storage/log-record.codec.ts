import { crc32 } from 'node:zlib';
import type { EventRecord } from './log-storage.js';

/**
 * On-disk layout of the event log (all integers little-endian).
 *
 * Segment file: a 32-byte header (segment-header.codec.ts), then batch frames back to back.
 * Batch frame (one per `append` call, so a batch is whole or absent after a crash):
 *   u32 magic | u32 frame crc | u32 frame length | u32 event count | u32 flush offset | records…
 *   frame crc = crc32(bytes 8..20, seed = crc32 of the records' crc fields in order), so it covers
 *   every byte of the frame transitively without hashing the bodies twice. The flush offset (bytes
 *   from the start of the group-commit write that carried the frame) lets recovery tell a torn
 *   last write from corruption in the middle of the log.
 * Event record (its start is the event's $all position):
 *   u32 crc of bytes 4..end | u32 record length | i64 revision | i64 created | u32 metadata length
 *   | u32 data length | u16 stream length | u16 type length | u16 event id length | u8 content type
 *   | u8 event id kind | [u16 content type length + content type] | event id | stream | type
 *   | metadata | data
 */
export const FRAME_HEADER_SIZE = 20;
export const RECORD_HEADER_SIZE = 40;
export const FRAME_MAGIC = 0x42564545; // "EEVB"
const MAX_U16 = 0xffff;

const CONTENT_TYPES = ['application/json', 'application/octet-stream'] as const;
const CONTENT_TYPE_OTHER = 255;
const ID_KIND_UUID = 0;
const ID_KIND_TEXT = 1;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class LogFormatError extends Error {
  override name = 'LogFormatError';
}

/** A batch encoded as one frame; the flush offset is filled in when the writer groups frames. */
export interface EncodedFrame {
  bytes: Buffer;
  /** Offset of each event record from the frame start. */
  recordOffsets: number[];
  recordLengths: number[];
  /** crc32 over the records' crc fields, the seed of the frame crc. */
  recordsCrc: number;
}

/** Byte lengths of an event's strings; measured first so that the frame is allocated once. */
interface StringSizes {
  idKind: number;
  id: number;
  stream: number;
  type: number;
  contentTypeCode: number;
  contentType: number;
}

function measureStrings(event: EventRecord): StringSizes {
  const uuid = UUID_PATTERN.test(event.eventId);
  const known = CONTENT_TYPES.indexOf(event.contentType as (typeof CONTENT_TYPES)[number]);
  const sizes: StringSizes = {
    idKind: uuid ? ID_KIND_UUID : ID_KIND_TEXT,
    id: uuid ? 16 : Buffer.byteLength(event.eventId, 'utf8'),
    stream: Buffer.byteLength(event.streamName, 'utf8'),
    type: Buffer.byteLength(event.type, 'utf8'),
    contentTypeCode: known >= 0 ? known : CONTENT_TYPE_OTHER,
    contentType: known >= 0 ? 0 : Buffer.byteLength(event.contentType, 'utf8'),
  };
  if (sizes.stream > MAX_U16) throw new LogFormatError(`stream name is longer than ${MAX_U16} bytes`);
  if (sizes.type > MAX_U16) throw new LogFormatError(`event type is longer than ${MAX_U16} bytes`);
  if (sizes.id > MAX_U16) throw new LogFormatError(`event id is longer than ${MAX_U16} bytes`);
  if (sizes.contentType > MAX_U16) throw new LogFormatError(`content type is longer than ${MAX_U16} bytes`);
  return sizes;
}

function recordLength(s: StringSizes, event: EventRecord): number {
  const contentType = s.contentTypeCode === CONTENT_TYPE_OTHER ? 2 + s.contentType : 0;
  return (
    RECORD_HEADER_SIZE + contentType + s.id + s.stream + s.type + event.metadata.length + event.data.length
  );
}

export function encodeFrame(batch: readonly EventRecord[]): EncodedFrame {
  const sizes = batch.map(measureStrings);
  const recordLengths = batch.map((event, i) => recordLength(sizes[i], event));
  const frameLength = FRAME_HEADER_SIZE + recordLengths.reduce((sum, n) => sum + n, 0);
  if (frameLength > 0xffffffff) throw new LogFormatError('batch is larger than 4 GiB');
  const bytes = Buffer.allocUnsafe(frameLength);
  bytes.writeUInt32LE(FRAME_MAGIC, 0);
  bytes.writeUInt32LE(frameLength, 8);
  bytes.writeUInt32LE(batch.length, 12);
  bytes.writeUInt32LE(0, 16);
  const recordOffsets: number[] = [];
  const crcs = Buffer.allocUnsafe(4 * batch.length);
  let at = FRAME_HEADER_SIZE;
  for (let i = 0; i < batch.length; i++) {
    recordOffsets.push(at);
    crcs.writeUInt32LE(writeRecord(bytes, at, recordLengths[i], batch[i], sizes[i]), 4 * i);
    at += recordLengths[i];
  }
  const recordsCrc = crc32(crcs);
  sealFrame(bytes, 0, recordsCrc);
  return { bytes, recordOffsets, recordLengths, recordsCrc };
}

function writeRecord(buf: Buffer, at: number, length: number, e: EventRecord, s: StringSizes): number {
  buf.writeUInt32LE(length, at + 4);
  buf.writeBigInt64LE(e.revision, at + 8);
  buf.writeBigInt64LE(e.created, at + 16);
  buf.writeUInt32LE(e.metadata.length, at + 24);
  buf.writeUInt32LE(e.data.length, at + 28);
  buf.writeUInt16LE(s.stream, at + 32);
  buf.writeUInt16LE(s.type, at + 34);
  buf.writeUInt16LE(s.id, at + 36);
  buf[at + 38] = s.contentTypeCode;
  buf[at + 39] = s.idKind;
  let p = at + RECORD_HEADER_SIZE;
  if (s.contentTypeCode === CONTENT_TYPE_OTHER) {
    buf.writeUInt16LE(s.contentType, p);
    p += 2 + buf.write(e.contentType, p + 2, 'utf8');
  }
  p += s.idKind === ID_KIND_UUID ? writeUuid(buf, p, e.eventId) : buf.write(e.eventId, p, 'utf8');
  p += buf.write(e.streamName, p, 'utf8');
  p += buf.write(e.type, p, 'utf8');
  buf.set(e.metadata, p);
  p += e.metadata.length;
  buf.set(e.data, p);
  const crc = crc32(buf.subarray(at + 4, at + length));
  buf.writeUInt32LE(crc, at);
  return crc;
}

/** Writes a canonical lower-case UUID (already matched by UUID_PATTERN) as its 16 bytes. */
function writeUuid(buf: Buffer, p: number, uuid: string): number {
  let o = p;
  for (let i = 0; i < 36; i += 2) {
    if (uuid.charCodeAt(i) === 45) i++; // '-'
    buf[o++] = (hexValue(uuid.charCodeAt(i)) << 4) | hexValue(uuid.charCodeAt(i + 1));
  }
  return 16;
}

const hexValue = (c: number): number => (c <= 57 ? c - 48 : c - 87);

/** Sets the flush offset of a frame already placed in a write and recomputes the frame crc. */
export function setFrameFlushOffset(frame: EncodedFrame, flushOffset: number): void {
  frame.bytes.writeUInt32LE(flushOffset, 16);
  sealFrame(frame.bytes, 0, frame.recordsCrc);
}

function sealFrame(buf: Buffer, at: number, recordsCrc: number): void {
  buf.writeUInt32LE(crc32(buf.subarray(at + 8, at + FRAME_HEADER_SIZE), recordsCrc), at + 4);
}

/** A decoded event without its position: the caller knows where the record sits in the log. */
export interface DecodedRecordHeader {
  streamName: string;
  revision: bigint;
  eventId: string;
  type: string;
  contentType: string;
  created: bigint;
  /** Where metadata and data start, from the record start. */
  bodyOffset: number;
  metadataLength: number;
  dataLength: number;
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const uuidScratch = Buffer.alloc(36, 45); // dashes stay where they are

/**
 * Formats 16 bytes as a UUID through a byte buffer: concatenating the pieces would leave a rope
 * of ~20 string fragments (about 600 bytes) behind every recovered event id.
 */
function uuidText(b: Buffer, p: number): string {
  let o = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) o++;
    uuidScratch[o++] = HEX_DIGITS[b[p + i] >> 4];
    uuidScratch[o++] = HEX_DIGITS[b[p + i] & 15];
  }
  return uuidScratch.toString('latin1', 0, 36);
}

/**
 * Decodes the record at `at`, whose length and crc the caller has checked (`checkRecord`).
 * `intern` lets a caller that keeps millions of headers share one copy of repeated names.
 */
export function decodeRecordHeader(
  buf: Buffer,
  at: number,
  intern: (s: string) => string = (s) => s,
): DecodedRecordHeader {
  const metadataLength = buf.readUInt32LE(at + 24);
  const dataLength = buf.readUInt32LE(at + 28);
  const streamLength = buf.readUInt16LE(at + 32);
  const typeLength = buf.readUInt16LE(at + 34);
  const idLength = buf.readUInt16LE(at + 36);
  const contentTypeCode = buf[at + 38];
  const idKind = buf[at + 39];
  let p = at + RECORD_HEADER_SIZE;
  let contentType: string;
  if (contentTypeCode === CONTENT_TYPE_OTHER) {
    const n = buf.readUInt16LE(p);
    contentType = buf.toString('utf8', p + 2, p + 2 + n);
    p += 2 + n;
  } else {
    contentType = CONTENT_TYPES[contentTypeCode] ?? 'application/octet-stream';
  }
  const eventId = idKind === ID_KIND_UUID ? uuidText(buf, p) : buf.toString('utf8', p, p + idLength);
  p += idLength;
  const streamName = intern(buf.toString('utf8', p, p + streamLength));
  p += streamLength;
  const type = intern(buf.toString('utf8', p, p + typeLength));
  p += typeLength;
  return {
    streamName,
    revision: buf.readBigInt64LE(at + 8),
    eventId,
    type,
    contentType,
    created: buf.readBigInt64LE(at + 16),
    bodyOffset: p - at,
    metadataLength,
    dataLength,
  };
}

/**
 * Checks the record at `at` within `end`: returns its length, or undefined when it is cut short,
 * inconsistent or fails its crc.
 */
export function checkRecord(buf: Buffer, at: number, end: number): number | undefined {
  if (end - at < RECORD_HEADER_SIZE) return undefined;
  const length = buf.readUInt32LE(at + 4);
  if (length < RECORD_HEADER_SIZE || length > end - at) return undefined;
  const parts =
    RECORD_HEADER_SIZE +
    buf.readUInt32LE(at + 24) +
    buf.readUInt32LE(at + 28) +
    buf.readUInt16LE(at + 32) +
    buf.readUInt16LE(at + 34) +
    buf.readUInt16LE(at + 36);
  if (parts > length) return undefined;
  if (buf.readUInt32LE(at) !== crc32(buf.subarray(at + 4, at + length))) return undefined;
  return length;
}

export interface CheckedFrame {
  length: number;
  flushOffset: number;
  recordOffsets: number[];
}

export type FrameCheck =
  | { kind: 'valid'; frame: CheckedFrame }
  /** Not enough bytes before `end` to judge: a torn write if at the end of the file. */
  | { kind: 'incomplete' }
  | { kind: 'invalid' };

/** Validates the frame at `at` (magic, lengths, every record crc and the frame crc). */
export function checkFrame(buf: Buffer, at: number, end: number): FrameCheck {
  if (end - at < FRAME_HEADER_SIZE) return { kind: 'incomplete' };
  if (buf.readUInt32LE(at) !== FRAME_MAGIC) return { kind: 'invalid' };
  const length = buf.readUInt32LE(at + 8);
  const count = buf.readUInt32LE(at + 12);
  if (length < FRAME_HEADER_SIZE + count * RECORD_HEADER_SIZE) return { kind: 'invalid' };
  if (length > end - at) return { kind: 'incomplete' };
  const frameEnd = at + length;
  const crcs = Buffer.allocUnsafe(4 * count);
  const recordOffsets: number[] = [];
  let p = at + FRAME_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    const recordLength = checkRecord(buf, p, frameEnd);
    if (recordLength === undefined) return { kind: 'invalid' };
    crcs.writeUInt32LE(buf.readUInt32LE(p), 4 * i);
    recordOffsets.push(p - at);
    p += recordLength;
  }
  if (p !== frameEnd) return { kind: 'invalid' };
  const expected = crc32(buf.subarray(at + 8, at + FRAME_HEADER_SIZE), crc32(crcs));
  if (buf.readUInt32LE(at + 4) !== expected) return { kind: 'invalid' };
  return { kind: 'valid', frame: { length, flushOffset: buf.readUInt32LE(at + 16), recordOffsets } };
}
