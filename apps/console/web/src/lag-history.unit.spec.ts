import { chartPoints, LagHistory, MAX_SAMPLES } from './lag-history';

const sample = (at: number, lagEvents: number) => ({ at, lagEvents, lagSeconds: lagEvents / 10 });

describe('the lag chart of the last minutes', () => {
  it('keeps the newest samples of each consumer up to the bound', () => {
    const history = new LagHistory();
    for (let i = 0; i < MAX_SAMPLES + 10; i++) history.record('a', sample(i, i));
    expect(history.samples('a')).toHaveLength(MAX_SAMPLES);
    expect(history.samples('a')[0]!.at).toBe(10);
    expect(history.samples('b')).toEqual([]);
  });

  it('forgets the consumer not heard from longest past its consumer bound', () => {
    const history = new LagHistory(2);
    history.record('a', sample(1, 1));
    history.record('b', sample(1, 1));
    history.record('a', sample(2, 1));
    history.record('c', sample(2, 1));
    expect(history.samples('b')).toEqual([]);
    expect(history.samples('a')).toHaveLength(2);
  });

  it('draws the highest lag at the top and the newest sample at the right edge', () => {
    const points = chartPoints([sample(0, 0), sample(1, 50), sample(2, 100)], (s) => s.lagEvents, 149, 40);
    expect(points.split(' ')).toEqual(['147,40', '148,20', '149,0']);
    expect(chartPoints([], (s) => s.lagEvents, 100, 40)).toBe('');
  });
});
