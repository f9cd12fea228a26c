import { planRecordRuns } from './record-runs.js';

const limits = { maxBytes: 1000, maxGap: 50 };
const noSegmentEnd = (): number => Number.MAX_SAFE_INTEGER;

describe('planning the reads of records in log order', () => {
  it('reads neighbouring records, and small gaps between them, at once', () => {
    const runs = planRecordRuns([100, 200, 320], [100, 100, 80], noSegmentEnd, limits);
    expect(runs).toEqual([{ from: 0, to: 3, start: 100, end: 400 }]);
  });

  it('starts a new read after a gap larger than the limit', () => {
    const runs = planRecordRuns([100, 200, 351], [100, 100, 10], noSegmentEnd, limits);
    expect(runs).toEqual([
      { from: 0, to: 2, start: 100, end: 300 },
      { from: 2, to: 3, start: 351, end: 361 },
    ]);
  });

  it('keeps each read within the byte limit, and a longer record alone', () => {
    const runs = planRecordRuns([0, 600, 1200], [600, 600, 5000], noSegmentEnd, limits);
    expect(runs).toEqual([
      { from: 0, to: 1, start: 0, end: 600 },
      { from: 1, to: 2, start: 600, end: 1200 },
      { from: 2, to: 3, start: 1200, end: 6200 },
    ]);
  });

  it('never reads across the end of a segment file', () => {
    const segmentEnd = (position: number): number => (position < 500 ? 500 : 2000);
    const runs = planRecordRuns([300, 400, 532], [100, 100, 100], segmentEnd, limits);
    expect(runs).toEqual([
      { from: 0, to: 2, start: 300, end: 500 },
      { from: 2, to: 3, start: 532, end: 632 },
    ]);
  });
});
