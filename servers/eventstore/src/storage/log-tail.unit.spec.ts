import { LogTail } from './log-tail.js';

const bytes = (from: number, length: number): Buffer =>
  Buffer.from(Array.from({ length }, (_, i) => (from + i) % 251));

describe('the tail of the log kept in memory', () => {
  it('gives back any range of the last bytes written, across the wrap of its ring', () => {
    const tail = new LogTail(100);
    let at = 1_000;
    for (const length of [30, 50, 70, 10, 90, 40]) {
      tail.append(at, bytes(at, length));
      at += length;
    }
    // 290 bytes went through a ring of 100: exactly the last 100 are held.
    expect(tail.read(at - 100, 100)).toEqual(bytes(at - 100, 100));
    expect(tail.read(at - 65, 30)).toEqual(bytes(at - 65, 30));
    expect(tail.read(at - 101, 10)).toBeUndefined();
    expect(tail.read(at - 10, 11)).toBeUndefined();
  });

  it('keeps what is held intact across a gap between writes (a segment header)', () => {
    const tail = new LogTail(64);
    tail.append(0, bytes(0, 40));
    tail.append(48, bytes(48, 10));
    expect(tail.read(10, 30)).toEqual(bytes(10, 30));
    expect(tail.read(48, 10)).toEqual(bytes(48, 10));
    tail.append(90, bytes(90, 20));
    expect(tail.read(40, 8)).toBeUndefined(); // 110 - 64 = 46: earlier bytes are gone
    expect(tail.read(48, 10)).toEqual(bytes(48, 10));
    expect(tail.read(90, 20)).toEqual(bytes(90, 20));
  });

  it('keeps the end of a write larger than itself, and copies what it returns', () => {
    const tail = new LogTail(16);
    tail.append(5, bytes(5, 50));
    expect(tail.read(39, 16)).toEqual(bytes(39, 16));
    expect(tail.read(38, 2)).toBeUndefined();
    const copy = tail.read(40, 4)!;
    tail.append(55, Buffer.alloc(16));
    expect(copy).toEqual(bytes(40, 4));
  });

  it('holds nothing with no capacity', () => {
    const off = new LogTail(0);
    off.append(0, bytes(0, 10));
    expect(off.read(0, 1)).toBeUndefined();
  });

  it('starts over on a write before its end instead of returning stale bytes', () => {
    const tail = new LogTail(32);
    tail.append(10, bytes(10, 10));
    tail.append(15, Buffer.alloc(3));
    expect(tail.read(10, 5)).toBeUndefined();
    expect(tail.read(15, 3)).toEqual(Buffer.alloc(3));
    expect(tail.read(18, 1)).toBeUndefined();
  });
});
