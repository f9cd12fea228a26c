import { encodeCheckpointResponse } from './checkpoint.encoder.js';
import { checkpointResponse } from './read-responses.js';

describe('the hand-written ReadResp checkpoint encoding', () => {
  it.each([0, 1, 127, 128, 123_456, 2 ** 40, Number.MAX_SAFE_INTEGER])(
    'is byte for byte what google-protobuf writes: position %d',
    (position) => {
      const expected = Buffer.from(checkpointResponse(BigInt(position)).serializeBinary());
      expect(encodeCheckpointResponse(position).toString('hex')).toBe(expected.toString('hex'));
    },
  );
});
