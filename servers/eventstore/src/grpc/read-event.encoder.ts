import type { ResolvedEvent } from '../engine/event-reader.js';
import type { StoredEvent } from '../storage/log-storage.js';
import {
  bigVarintSize,
  fieldSize,
  varint64Size,
  varintSize,
  writeBigVarint,
  writeTag,
  writeVarint,
  writeVarint64,
} from './proto-writer.js';
import type { UuidFormat } from './read-responses.js';

/**
 * `ReadResp { event }` encoded straight into one buffer, byte for byte what google-protobuf writes
 * for the same message (a unit test holds it to that). Reads and catch-up subscriptions send one
 * per event: building the message objects first (ReadResp, ReadEvent, RecordedEvent, UUID,
 * StreamIdentifier, a map) and then serializing them cost more CPU than the rest of the read path.
 *
 * Wire layout (field numbers from streams.proto / shared.proto):
 *   ReadResp      1: ReadEvent
 *   ReadEvent     1: RecordedEvent event, 2: RecordedEvent link, 3: uint64 commit_position
 *   RecordedEvent 1: UUID id, 2: StreamIdentifier, 3: stream_revision, 4: prepare_position,
 *                 5: commit_position, 6: map<string,string> metadata (keys sorted),
 *                 7: bytes custom_metadata, 8: bytes data   (zero scalars and empty bytes omitted)
 *   UUID          1: Structured { 1: int64 msb, 2: int64 lsb }, 2: string
 *   StreamIdentifier 3: bytes stream_name
 */
export function encodeEventResponse(resolved: ResolvedEvent, uuidFormat: UuidFormat): Buffer {
  const event = measure(resolved.event, uuidFormat);
  const link = resolved.link ? measure(resolved.link, uuidFormat) : undefined;
  const position = Number(resolved.position);
  const readEventSize = fieldSize(event.size) + (link ? fieldSize(link.size) : 0) + 1 + varintSize(position);
  const buf = Buffer.allocUnsafe(fieldSize(readEventSize));
  let at = writeTag(buf, 0, 1, readEventSize);
  at = writeRecorded(buf, writeTag(buf, at, 1, event.size), event);
  if (link) at = writeRecorded(buf, writeTag(buf, at, 2, link.size), link);
  buf[at++] = (3 << 3) | 0;
  at = writeVarint(buf, at, position);
  if (at !== buf.length) throw new Error(`internal: encoded ${at} of ${buf.length} bytes`);
  return buf;
}

const CONTENT_TYPE_KEY = Buffer.from('content-type');
const CREATED_KEY = Buffer.from('created');
const TYPE_KEY = Buffer.from('type');
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An event with every length worked out, so that the buffer is allocated once. */
interface Measured {
  event: StoredEvent;
  size: number;
  /** The UUID message's size, and that of its one field's payload (Structured or the string). */
  idSize: number;
  idInner: number;
  /** The id's 128 bits as four uint32 words, most significant first (Structured: msb, lsb). */
  words: Uint32Array;
  structured: boolean;
  streamBytes: number;
  typeBytes: number;
  contentTypeBytes: number;
  created: string;
  position: number;
  /** Below 2^53 as a number; the tombstone's 2^63 - 1 as a bigint. */
  revision: number | bigint;
}

/**
 * `created` as text, remembering the last one: the events of one append share it, and a
 * bigint's decimal text was a visible share of a catch-up's encoding.
 */
let lastCreated = -1n;
let lastCreatedText = '';
function createdText(created: bigint): string {
  if (created !== lastCreated) {
    lastCreated = created;
    lastCreatedText = created.toString();
  }
  return lastCreatedText;
}

const NO_WORDS: Uint32Array = new Uint32Array(4);

/**
 * The 32 hex digits of a UUID (dashes skipped) as four uint32 words. Through bigints (strip the
 * dashes, parse two halves, write their varints) this was a visible share of a catch-up's CPU.
 */
function uuidWords(uuid: string): Uint32Array {
  const words = new Uint32Array(4);
  let digits = 0;
  for (let i = 0; i < uuid.length && digits < 32; i++) {
    const c = uuid.charCodeAt(i);
    if (c === 45) continue; // '-'
    const value = c <= 57 ? c - 48 : (c | 32) - 87;
    const word = digits >> 3;
    words[word] = (words[word]! << 4) | value;
    digits++;
  }
  return words;
}

function measure(event: StoredEvent, uuidFormat: UuidFormat): Measured {
  const structured = uuidFormat === 'structured';
  let words: Uint32Array = NO_WORDS;
  let idInner: number;
  if (structured) {
    // int64 fields: a negative value is the 10-byte varint of its unsigned 64-bit pattern.
    words = uuidWords(event.eventId);
    idInner =
      (words[0] || words[1] ? 1 + varint64Size(words[0]!, words[1]!) : 0) +
      (words[2] || words[3] ? 1 + varint64Size(words[2]!, words[3]!) : 0);
  } else {
    idInner = Buffer.byteLength(event.eventId, 'utf8');
  }
  const idSize = fieldSize(idInner);
  const streamBytes = Buffer.byteLength(event.streamName, 'utf8');
  const typeBytes = Buffer.byteLength(event.type, 'utf8');
  const contentTypeBytes = Buffer.byteLength(event.contentType, 'utf8');
  const created = createdText(event.created);
  const position = Number(event.position);
  const revision = event.revision <= MAX_SAFE ? Number(event.revision) : event.revision;
  const size =
    fieldSize(idSize) +
    fieldSize(fieldSize(streamBytes)) +
    (revision ? 1 + (typeof revision === 'number' ? varintSize(revision) : bigVarintSize(revision)) : 0) +
    (position ? 2 * (1 + varintSize(position)) : 0) +
    fieldSize(entrySize(CONTENT_TYPE_KEY.length, contentTypeBytes)) +
    fieldSize(entrySize(CREATED_KEY.length, created.length)) +
    fieldSize(entrySize(TYPE_KEY.length, typeBytes)) +
    (event.metadata.length ? fieldSize(event.metadata.length) : 0) +
    (event.data.length ? fieldSize(event.data.length) : 0);
  return {
    event,
    size,
    idSize,
    idInner,
    words,
    structured,
    streamBytes,
    typeBytes,
    contentTypeBytes,
    created,
    position,
    revision,
  };
}

function writeRecorded(buf: Buffer, start: number, m: Measured): number {
  const e = m.event;
  let at = writeTag(buf, start, 1, m.idSize);
  if (m.structured) {
    at = writeTag(buf, at, 1, m.idInner);
    const w = m.words;
    if (w[0] || w[1]) {
      buf[at++] = 1 << 3;
      at = writeVarint64(buf, at, w[0]!, w[1]!);
    }
    if (w[2] || w[3]) {
      buf[at++] = 2 << 3;
      at = writeVarint64(buf, at, w[2]!, w[3]!);
    }
  } else {
    at = writeTag(buf, at, 2, m.idInner);
    at += buf.write(e.eventId, at, 'utf8');
  }
  at = writeTag(buf, at, 2, fieldSize(m.streamBytes));
  at = writeTag(buf, at, 3, m.streamBytes);
  at += buf.write(e.streamName, at, 'utf8');
  if (m.revision) {
    buf[at++] = 3 << 3;
    at =
      typeof m.revision === 'number' ? writeVarint(buf, at, m.revision) : writeBigVarint(buf, at, m.revision);
  }
  if (m.position) {
    buf[at++] = 4 << 3;
    at = writeVarint(buf, at, m.position);
    buf[at++] = 5 << 3;
    at = writeVarint(buf, at, m.position);
  }
  at = writeEntry(buf, at, CONTENT_TYPE_KEY, e.contentType, m.contentTypeBytes);
  at = writeEntry(buf, at, CREATED_KEY, m.created, m.created.length);
  at = writeEntry(buf, at, TYPE_KEY, e.type, m.typeBytes);
  if (e.metadata.length) {
    at = writeTag(buf, at, 7, e.metadata.length);
    buf.set(e.metadata, at);
    at += e.metadata.length;
  }
  if (e.data.length) {
    at = writeTag(buf, at, 8, e.data.length);
    buf.set(e.data, at);
    at += e.data.length;
  }
  return at;
}

function writeEntry(buf: Buffer, start: number, key: Buffer, value: string, valueBytes: number): number {
  let at = writeTag(buf, start, 6, entrySize(key.length, valueBytes));
  at = writeTag(buf, at, 1, key.length);
  at += key.copy(buf, at);
  at = writeTag(buf, at, 2, valueBytes);
  return at + buf.write(value, at, 'utf8');
}

function entrySize(keyBytes: number, valueBytes: number): number {
  return fieldSize(keyBytes) + fieldSize(valueBytes);
}
