import { PositionList } from './position-list.js';

const filled = (positions: number[]): PositionList => {
  const list = new PositionList();
  for (const p of positions) list.push(p);
  return list;
};

describe("a stream's position list", () => {
  it('gives back every position by revision, short or long', () => {
    for (const count of [0, 1, 16, 17, 33, 1_000]) {
      const positions = Array.from({ length: count }, (_, i) => 100 + i * 977);
      const list = filled(positions);
      expect(list.length).toBe(count);
      expect(positions.map((_, i) => list.at(i))).toEqual(positions);
    }
  });

  it('keeps positions beyond 4 GiB exact, before and after they appear', () => {
    const positions = [
      ...Array.from({ length: 40 }, (_, i) => 2 ** 32 - 400 + i * 7),
      2 ** 40 + 3,
      2 ** 52 + 1,
    ];
    const list = filled(positions);
    expect(positions.map((_, i) => list.at(i))).toEqual(positions);
    const early = filled([5, 2 ** 33]); // still a short list
    expect([early.at(0), early.at(1)]).toEqual([5, 2 ** 33]);
  });
});
