import { MalformedMessageError, WireFrameReader } from './wire-message.codec.js';

const frame = (length: number, fill: number): Buffer => {
  const b = Buffer.alloc(length, fill);
  b.writeInt32LE(length, 0);
  return b;
};

describe('WireFrameReader', () => {
  it('joins a message that arrives a few bytes at a time', () => {
    const reader = new WireFrameReader();
    const msg = frame(40, 7);
    const out: Buffer[] = [];
    for (let i = 0; i < msg.length; i += 3) out.push(...reader.push(msg.subarray(i, i + 3)));
    expect(out).toEqual([msg]);
  });

  it('splits several messages out of one chunk, keeping a partial tail for later', () => {
    const reader = new WireFrameReader();
    const a = frame(20, 1);
    const b = frame(30, 2);
    const c = frame(25, 3);
    const all = Buffer.concat([a, b, c]);
    expect(reader.push(all.subarray(0, 60))).toEqual([a, b]);
    expect(reader.push(all.subarray(60))).toEqual([c]);
  });

  it('rejects lengths below the header size or above 48 MB', () => {
    expect(() => new WireFrameReader().push(frame(16, 0).fill(0, 0, 4))).toThrow(MalformedMessageError);
    const huge = Buffer.alloc(16);
    huge.writeInt32LE(48_000_001, 0);
    expect(() => new WireFrameReader().push(huge)).toThrow(MalformedMessageError);
  });
});
