import type { ExpectedRevision } from '../engine/expected-revision.js';
import type { ProposedEvent } from '../engine/outcomes.js';
import { ProtoReader } from './proto-reader.js';
import type { Uint64 } from './proto-writer.js';
import { fieldSize, toUint64, uint64Size, writeEmpty, writeTag, writeUint64 } from './proto-writer.js';
import { normalizedUuid, requireEventMetadata, requireStreamName } from './request-decoding.js';
import { RequestError } from './status-errors.js';

/**
 * `BatchAppendReq` decoded from the wire, and its success answer encoded to it, by hand: with
 * google-protobuf, every event of every append became several message objects and a map, and
 * (de)serializing them was a large share of the server's CPU per append. Field numbers from
 * streams.proto:
 *   BatchAppendReq  1: UUID correlation_id, 2: Options, 3: repeated ProposedMessage, 4: bool is_final
 *   Options         1: StreamIdentifier, 2: uint64 stream_position | 3: no_stream | 4: any
 *                   | 5: stream_exists, 6: Timestamp deadline { 1: int64 seconds, 2: int32 nanos }
 *   ProposedMessage 1: UUID id, 2: map<string,string> metadata, 3: bytes custom_metadata, 4: bytes data
 *   BatchAppendResp 1: UUID correlation_id, 3: Success, 4: StreamIdentifier, 5: uint64 stream_position
 *                   | 6: no_stream | 7: any | 8: stream_exists
 *   Success         1: uint64 current_revision | 2: no_stream, 3: AllStreamPosition | 4: no_position
 */
export interface BatchAppendChunk {
  /** The correlation id as sent (a UUID message), echoed in the answer. */
  correlationId: Buffer | undefined;
  /** Identifies the append across its chunks. */
  key: string;
  options: BatchAppendOptions | undefined;
  events: ProposedEvent[];
  isFinal: boolean;
  /**
   * Why the append this chunk belongs to is refused (an event without a type or with a bad id,
   * options without a stream name): answered for that append alone, as the real server does.
   */
  problem: string | undefined;
}

export interface BatchAppendOptions {
  streamName: string;
  expected: ExpectedRevision;
  /** Epoch milliseconds; infinite when the client set none. */
  deadline: number;
}

export function decodeBatchAppendRequest(buf: Buffer): BatchAppendChunk {
  const chunk: BatchAppendChunk = {
    correlationId: undefined,
    key: '',
    options: undefined,
    events: [],
    isFinal: false,
    problem: undefined,
  };
  const reader = new ProtoReader(buf);
  for (let f = reader.next(); f; f = reader.next()) {
    if (f.field === 1) {
      reader.expect(f.wireType, 'bytes');
      chunk.correlationId = reader.bytes();
      chunk.key = chunk.correlationId.toString('latin1');
    } else if (f.field === 2) {
      reader.expect(f.wireType, 'bytes');
      const options = reader.message();
      refusing(chunk, () => (chunk.options = decodeOptions(options)));
    } else if (f.field === 3) {
      reader.expect(f.wireType, 'bytes');
      const message = reader.message();
      if (!chunk.problem) refusing(chunk, () => chunk.events.push(decodeProposedMessage(message)));
    } else if (f.field === 4) {
      reader.expect(f.wireType, 'varint');
      chunk.isFinal = reader.varint() !== 0;
    } else {
      reader.skip(f.wireType);
    }
  }
  return chunk;
}

/**
 * Runs one part's decoding; a request error there refuses the append, not the whole call. Errors
 * in the outer framing (read by the caller) still fail the call: no append can be told apart.
 */
function refusing(chunk: BatchAppendChunk, decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    chunk.problem ??= error.status.details;
    chunk.events = [];
  }
}

function decodeOptions(reader: ProtoReader): BatchAppendOptions {
  let streamName: Buffer | undefined;
  let expected: ExpectedRevision = { kind: 'any' };
  let deadline = Number.POSITIVE_INFINITY;
  for (let f = reader.next(); f; f = reader.next()) {
    if (f.field === 1) {
      reader.expect(f.wireType, 'bytes');
      streamName = fieldOf(reader.message(), 3);
    } else if (f.field === 2) {
      reader.expect(f.wireType, 'varint');
      expected = { kind: 'exact', revision: reader.bigVarint() };
    } else if (f.field >= 3 && f.field <= 5) {
      reader.skip(f.wireType);
      expected = { kind: f.field === 3 ? 'no_stream' : f.field === 4 ? 'any' : 'stream_exists' };
    } else if (f.field === 6) {
      reader.expect(f.wireType, 'bytes');
      deadline = decodeTimestamp(reader.message());
    } else {
      reader.skip(f.wireType);
    }
  }
  return { streamName: requireStreamName(streamName), expected, deadline };
}

function decodeProposedMessage(reader: ProtoReader): ProposedEvent {
  let id: Buffer | undefined;
  let type: string | undefined;
  let contentType: string | undefined;
  let metadata: Uint8Array = EMPTY;
  let data: Uint8Array = EMPTY;
  for (let f = reader.next(); f; f = reader.next()) {
    if (f.field === 2) {
      reader.expect(f.wireType, 'bytes');
      const entry = reader.message();
      let key = '';
      let value = '';
      for (let e = entry.next(); e; e = entry.next()) {
        if (e.field === 1 || e.field === 2) {
          entry.expect(e.wireType, 'bytes');
          if (e.field === 1) key = entry.bytes().toString('utf8');
          else value = entry.bytes().toString('utf8');
        } else entry.skip(e.wireType);
      }
      if (key === 'type') type = value;
      else if (key === 'content-type') contentType = value;
    } else if (f.field >= 1 && f.field <= 4) {
      reader.expect(f.wireType, 'bytes');
      const bytes = reader.bytes();
      if (f.field === 1) id = bytes;
      else if (f.field === 3) metadata = bytes;
      else data = bytes;
    } else {
      reader.skip(f.wireType);
    }
  }
  const required = requireEventMetadata(type, contentType);
  return { eventId: decodeUuid(id), ...required, data, metadata };
}

const EMPTY = new Uint8Array(0);

/** `UUID { 1: Structured { 1: int64 msb, 2: int64 lsb } | 2: string }` as canonical text. */
function decodeUuid(bytes: Buffer | undefined): string {
  if (!bytes) return normalizedUuid('');
  const reader = new ProtoReader(bytes);
  let text = '';
  for (let f = reader.next(); f; f = reader.next()) {
    if (f.field === 2) {
      reader.expect(f.wireType, 'bytes');
      text = reader.bytes().toString('utf8');
    } else if (f.field === 1) {
      reader.expect(f.wireType, 'bytes');
      const halves = [0n, 0n];
      const structured = reader.message();
      for (let s = structured.next(); s; s = structured.next()) {
        if (s.field === 1 || s.field === 2) {
          structured.expect(s.wireType, 'varint');
          halves[s.field - 1] = structured.bigVarint();
        } else structured.skip(s.wireType);
      }
      const hex = halves.map((half) => half.toString(16).padStart(16, '0')).join('');
      text = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    } else {
      reader.skip(f.wireType);
    }
  }
  return normalizedUuid(text);
}

function decodeTimestamp(reader: ProtoReader): number {
  let seconds = 0n;
  let nanos = 0;
  for (let f = reader.next(); f; f = reader.next()) {
    if (f.field === 1) {
      reader.expect(f.wireType, 'varint');
      seconds = BigInt.asIntN(64, reader.bigVarint());
    } else if (f.field === 2) {
      reader.expect(f.wireType, 'varint');
      nanos = Number(BigInt.asIntN(32, reader.bigVarint()));
    } else reader.skip(f.wireType);
  }
  return Number(seconds) * 1000 + nanos / 1e6;
}

/** The bytes of field `field` of a message (the last one wins), or undefined. */
function fieldOf(reader: ProtoReader, field: number): Buffer | undefined {
  let value: Buffer | undefined;
  for (let f = reader.next(); f; f = reader.next()) {
    if (f.field === field) {
      reader.expect(f.wireType, 'bytes');
      value = reader.bytes();
    } else reader.skip(f.wireType);
  }
  return value;
}

export interface BatchAppendSuccess {
  correlationId: Buffer | undefined;
  streamName: string;
  expected: ExpectedRevision;
  current: bigint | 'no_stream';
  position: bigint | undefined;
}

/** The success answer, byte for byte what google-protobuf writes for it (a unit test holds it). */
export function encodeBatchAppendSuccess(answer: BatchAppendSuccess): Buffer {
  const current = answer.current === 'no_stream' ? undefined : toUint64(answer.current);
  const position = answer.position === undefined ? undefined : toUint64(answer.position);
  const positionSize = position ? 2 * (1 + uint64Size(position)) : 0;
  const successSize =
    (current === undefined ? 2 : 1 + uint64Size(current)) +
    (position === undefined ? 2 : fieldSize(positionSize));
  const streamBytes = Buffer.byteLength(answer.streamName, 'utf8');
  const expected = answer.expected;
  const expectedRevision = expected.kind === 'exact' ? toUint64(expected.revision) : undefined;
  const size =
    (answer.correlationId ? fieldSize(answer.correlationId.length) : 0) +
    fieldSize(successSize) +
    fieldSize(fieldSize(streamBytes)) +
    (expectedRevision === undefined ? 2 : 1 + uint64Size(expectedRevision));
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  if (answer.correlationId) {
    at = writeTag(buf, at, 1, answer.correlationId.length);
    at += answer.correlationId.copy(buf, at);
  }
  at = writeTag(buf, at, 3, successSize);
  at = current === undefined ? writeEmpty(buf, at, 2) : writeVarintField(buf, at, 1, current);
  if (position === undefined) at = writeEmpty(buf, at, 4);
  else {
    at = writeTag(buf, at, 3, positionSize);
    if (position) at = writeVarintField(buf, writeVarintField(buf, at, 1, position), 2, position);
  }
  at = writeTag(buf, at, 4, fieldSize(streamBytes));
  at = writeTag(buf, at, 3, streamBytes);
  at += buf.write(answer.streamName, at, 'utf8');
  at =
    expectedRevision !== undefined
      ? writeVarintField(buf, at, 5, expectedRevision)
      : writeEmpty(buf, at, expected.kind === 'no_stream' ? 6 : expected.kind === 'any' ? 7 : 8);
  if (at !== size) throw new Error(`internal: encoded ${at} of ${size} bytes`);
  return buf;
}

function writeVarintField(buf: Buffer, at: number, field: number, value: Uint64): number {
  buf[at] = field << 3;
  return writeUint64(buf, at + 1, value);
}
