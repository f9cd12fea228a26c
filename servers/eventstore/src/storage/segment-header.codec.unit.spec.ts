import { decodeSegmentHeader, encodeSegmentHeader } from './segment-header.codec.js';

describe('segment header', () => {
  it('round-trips its number and base', () => {
    expect(decodeSegmentHeader(encodeSegmentHeader({ segmentNumber: 7, base: 2 ** 40 + 3 }))).toEqual({
      segmentNumber: 7,
      base: 2 ** 40 + 3,
    });
  });

  it('is not recognised when torn or damaged', () => {
    const header = encodeSegmentHeader({ segmentNumber: 1, base: 100 });
    expect(decodeSegmentHeader(header.subarray(0, 20))).toBeUndefined();
    header[18] ^= 1;
    expect(decodeSegmentHeader(header)).toBeUndefined();
  });
});
