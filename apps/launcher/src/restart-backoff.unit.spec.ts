import { crashesAfter, restartDelayMs } from './restart-backoff.js';

describe('restarting a crashed process', () => {
  it('waits half a second at first, then twice as long each crash in a row, never more than 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20, 1000].map(restartDelayMs)).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000,
    ]);
  });

  it('counts crashes in a row until a process has run 30 s', () => {
    expect(crashesAfter(0, 10)).toBe(1);
    expect(crashesAfter(4, 29_999)).toBe(5);
    expect(crashesAfter(4, 30_000)).toBe(1);
  });
});
