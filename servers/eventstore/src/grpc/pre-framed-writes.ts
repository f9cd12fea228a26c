import type { ServerWritableStream } from '@grpc/grpc-js';

/**
 * Several responses already framed as gRPC frames them (a zero byte, the length as a big-endian
 * u32, the message), handed to grpc-js as one write.
 */
export class PreFramed {
  constructor(readonly bytes: Buffer) {}
}

/** What grpc-js 1.x keeps under a server call without interceptors (not its public API). */
interface BaseCallInternals {
  serializeMessage(value: unknown): Buffer;
  stream: unknown;
}

/**
 * Makes `call` accept `PreFramed` writes, which grpc-js then writes to HTTP/2 as they are: one
 * DATA frame for many events instead of one each, which both ends paid for per event (on a
 * catch-up that was most of the server's CPU, and much of the client's). Returns false, and
 * changes nothing, when this grpc-js does not have the expected shape: the caller then writes
 * each response on its own.
 */
export function acceptPreFramedWrites(call: ServerWritableStream<unknown, unknown>): boolean {
  const base = (call as unknown as { call?: Partial<BaseCallInternals> }).call;
  if (!base || typeof base.serializeMessage !== 'function' || typeof base.stream !== 'object') return false;
  const serialize = base.serializeMessage.bind(base);
  base.serializeMessage = (value: unknown): Buffer =>
    value instanceof PreFramed ? value.bytes : serialize(value);
  return true;
}

/** The gRPC frame header's size: a compression flag byte and a u32 length. */
export const FRAME_HEADER_BYTES = 5;

/** Frames `messages` back to back into one buffer. */
export function frameMessages(messages: readonly Buffer[], totalBytes: number): Buffer {
  const out = Buffer.allocUnsafe(totalBytes + FRAME_HEADER_BYTES * messages.length);
  let at = 0;
  for (const message of messages) {
    out[at] = 0;
    out.writeUInt32BE(message.length, at + 1);
    message.copy(out, at + FRAME_HEADER_BYTES);
    at += FRAME_HEADER_BYTES + message.length;
  }
  return out;
}
