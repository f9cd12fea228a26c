import { BSON, type Document } from 'bson';
import { canonicalNumbers } from '../bson/wire-promotion.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const MAX_MESSAGE_BYTES = 48_000_000;
const CHECKSUM_PRESENT = 1;
export const MORE_TO_COME = 2;

/**
 * Every BSON type as itself, then `canonicalNumbers`: Int32 and most doubles become JS numbers,
 * but a whole-valued Double stays a Double and a Long a Long, so each round-trips exactly.
 */
const DESERIALIZE = { promoteLongs: false, promoteValues: false } as const;
const decode = (bytes: Buffer): Document => canonicalNumbers(BSON.deserialize(bytes, DESERIALIZE));

export interface WireCommand {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  /** The command with kind-1 document sequences merged in under their identifiers. */
  body: Document;
  db: string;
  moreToCome: boolean;
  /** Byte sizes of documents that came in kind-1 sequences, by identifier (size limit checks). */
  sequenceSizes: Map<string, number[]>;
}

export class MalformedMessageError extends Error {}

/** Splits a TCP byte stream into whole messages: several per packet or one across packets. */
export class WireFrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= 4) {
      if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
      const head = this.chunks[0];
      const length = head.readInt32LE(0);
      if (length < 16 || length > MAX_MESSAGE_BYTES) {
        throw new MalformedMessageError(`invalid message length ${length}`);
      }
      if (this.buffered < length) break;
      frames.push(head.subarray(0, length));
      this.chunks = length === head.length ? [] : [head.subarray(length)];
      this.buffered -= length;
    }
    return frames;
  }
}

export function decodeMessage(frame: Buffer): WireCommand {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  try {
    if (opCode === OP_MSG) return decodeOpMsg(frame, requestId);
    if (opCode === OP_QUERY) return decodeOpQuery(frame, requestId);
  } catch (e) {
    if (e instanceof MalformedMessageError) throw e;
    throw new MalformedMessageError(`malformed message: ${(e as Error).message}`);
  }
  throw new MalformedMessageError(`unsupported opCode ${opCode}`);
}

function decodeOpMsg(frame: Buffer, requestId: number): WireCommand {
  const flags = frame.readUInt32LE(16);
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  let body: Document | undefined;
  const sequences: [string, Document[]][] = [];
  const sequenceSizes = new Map<string, number[]>();
  let pos = 20;
  while (pos < end) {
    const kind = frame[pos++];
    if (kind === 0) {
      const size = frame.readInt32LE(pos);
      if (size < 5 || pos + size > end) throw new MalformedMessageError('section overruns message');
      body = decode(frame.subarray(pos, pos + size));
      pos += size;
    } else if (kind === 1) {
      const size = frame.readInt32LE(pos);
      const stop = pos + size;
      if (size < 5 || stop > end) throw new MalformedMessageError('section overruns message');
      const nul = frame.indexOf(0, pos + 4);
      if (nul < 0 || nul >= stop) throw new MalformedMessageError('unterminated identifier');
      const id = frame.toString('utf8', pos + 4, nul);
      const docs: Document[] = [];
      const sizes: number[] = [];
      for (let p = nul + 1; p < stop;) {
        const docSize = frame.readInt32LE(p);
        if (docSize < 5 || p + docSize > stop) throw new MalformedMessageError('document overruns section');
        docs.push(decode(frame.subarray(p, p + docSize)));
        sizes.push(docSize);
        p += docSize;
      }
      sequences.push([id, docs]);
      sequenceSizes.set(id, sizes);
      pos = stop;
    } else {
      throw new MalformedMessageError(`unknown section kind ${kind}`);
    }
  }
  if (!body) throw new MalformedMessageError('OP_MSG without a body section');
  for (const [id, docs] of sequences) body[id] = docs;
  const db = typeof body.$db === 'string' ? body.$db : 'admin';
  return { requestId, opCode: OP_MSG, body, db, moreToCome: (flags & MORE_TO_COME) !== 0, sequenceSizes };
}

function decodeOpQuery(frame: Buffer, requestId: number): WireCommand {
  const nul = frame.indexOf(0, 20);
  if (nul < 0) throw new MalformedMessageError('unterminated collection name');
  const fullName = frame.toString('utf8', 20, nul);
  const docStart = nul + 1 + 8;
  const size = frame.readInt32LE(docStart);
  if (size < 5 || docStart + size > frame.length) throw new MalformedMessageError('query overruns message');
  let body = decode(frame.subarray(docStart, docStart + size));
  if (body.$query && typeof body.$query === 'object') body = body.$query as Document;
  const db = fullName.split('.')[0];
  return { requestId, opCode: OP_QUERY, body, db, moreToCome: false, sequenceSizes: new Map() };
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function encodeOpMsg(responseTo: number, reply: Document): Buffer {
  const doc = BSON.serialize(reply);
  const prefix = Buffer.alloc(5); // flagBits 0, then section kind 0
  return Buffer.concat([header(16 + 5 + doc.length, responseTo, OP_MSG), prefix, doc]);
}

export function encodeOpReply(responseTo: number, reply: Document): Buffer {
  const doc = BSON.serialize(reply);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16); // numberReturned; flags, cursorId and startingFrom stay 0
  return Buffer.concat([header(16 + 20 + doc.length, responseTo, OP_REPLY), fields, doc]);
}
