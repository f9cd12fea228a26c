import { fieldSize, varintSize, writeTag, writeVarint } from './proto-writer.js';

/**
 * `ReadResp { checkpoint { commit_position, prepare_position } }` (ReadResp field 3, both
 * uint64, zeros omitted) encoded as google-protobuf writes it: an encoded answer goes out in the
 * same write as the events around it (response-sink.ts), where a message object needs its own.
 */
export function encodeCheckpointResponse(position: number): Buffer {
  const inner = position ? 2 * (1 + varintSize(position)) : 0;
  const buf = Buffer.allocUnsafe(fieldSize(inner));
  const at = writeTag(buf, 0, 3, inner);
  if (position) {
    buf[at] = 1 << 3;
    const prepareAt = writeVarint(buf, at + 1, position);
    buf[prepareAt] = 2 << 3;
    writeVarint(buf, prepareAt + 1, position);
  }
  return buf;
}
