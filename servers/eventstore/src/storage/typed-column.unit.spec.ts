import { float64Column, uint32Column } from './typed-column.js';

describe('a typed column', () => {
  it('holds what was pushed, in order, across its growing first chunk and later chunks', () => {
    const column = float64Column();
    const count = 200_000; // the first chunk doubles up to 64 Ki entries, then more chunks follow
    for (let i = 0; i < count; i++) column.push(i * 330 + 2 ** 40);
    expect(column.length).toBe(count);
    const wrong = [0, 1023, 1024, 65_535, 65_536, 131_072, count - 1].filter(
      (i) => column.at(i) !== i * 330 + 2 ** 40,
    );
    expect(wrong).toEqual([]);
    // Chunks of 64 Ki entries: no more than one chunk of room to spare.
    expect(column.byteLength).toBe(4 * 65_536 * 8);
  });

  it('finds the first entry not below a value (or above it when exclusive)', () => {
    const column = uint32Column();
    for (let i = 0; i < 100_000; i++) column.push(10 * i);
    expect(column.lowerBound(0)).toBe(0);
    expect(column.lowerBound(655_360)).toBe(65_536);
    expect(column.lowerBound(655_361)).toBe(65_537);
    expect(column.lowerBound(655_360, true)).toBe(65_537);
    expect(column.lowerBound(10 * 100_000)).toBe(100_000);
    expect(uint32Column().lowerBound(5)).toBe(0);
  });

  it('starts small', () => {
    const column = uint32Column();
    column.push(1);
    expect(column.byteLength).toBe(1024 * 4);
  });
});
