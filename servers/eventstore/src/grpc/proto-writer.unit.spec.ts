import fc from 'fast-check';
import { bigVarintSize, varint64Size, writeBigVarint, writeVarint64 } from './proto-writer.js';

describe('the varint of a 64-bit value given as two uint32 halves', () => {
  it('is byte for byte the bigint varint of the same value', () => {
    const uint32 = fc.integer({ min: 0, max: 0xffffffff });
    const edges = fc.constantFrom(0, 1, 127, 128, 0x7fffffff, 0x80000000, 0xffffffff);
    fc.assert(
      fc.property(fc.oneof(uint32, edges), fc.oneof(uint32, edges), (hi, lo) => {
        const value = (BigInt(hi) << 32n) | BigInt(lo);
        const expected = Buffer.alloc(10);
        const expectedEnd = writeBigVarint(expected, 0, value);
        const actual = Buffer.alloc(10);
        const end = writeVarint64(actual, 0, hi, lo);
        expect(end).toBe(expectedEnd);
        expect(varint64Size(hi, lo)).toBe(bigVarintSize(value));
        expect(actual.subarray(0, end)).toEqual(expected.subarray(0, expectedEnd));
      }),
      { numRuns: 2000 },
    );
  });
});
