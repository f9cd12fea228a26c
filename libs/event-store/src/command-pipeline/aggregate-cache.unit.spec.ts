import { AggregateCache, weightOf } from './aggregate-cache.js';
import { emptyAggregate } from './loaded-aggregate.js';

const keys = { windowMs: 60_000, maxPerStream: 1_000, now: () => 1_000 };
const aggregate = (state: unknown) => emptyAggregate(state, keys);
const withCommands = (count: number) => {
  const a = aggregate({ n: count });
  for (let i = 0; i < count; i++)
    a.commands.record(`c${i}`, { requestHash: 'h', revision: 0n, position: 0n, at: 1_000 });
  return a;
};

describe('AggregateCache', () => {
  const one = weightOf(aggregate(1));

  it('evicts the least recently used stream once over budget', () => {
    const cache = new AggregateCache(2 * one);
    cache.set('a', aggregate(1));
    cache.set('b', aggregate(2));
    cache.get('a');
    cache.set('c', aggregate(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.state).toBe(1);
    expect(cache.get('c')?.state).toBe(3);
  });

  it('weighs the state as it really is, and the keys it remembers', () => {
    expect(weightOf(aggregate({ text: 'x'.repeat(10_000) }))).toBeGreaterThan(20_000);
    expect(weightOf(withCommands(100)) - weightOf(withCommands(0))).toBeGreaterThanOrEqual(100 * 200);
  });

  it('skips an entry heavier than the whole budget (it loads from its snapshot instead)', () => {
    const cache = new AggregateCache(10 * one);
    cache.set('a', aggregate(1));
    cache.set('huge', withCommands(100));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')?.state).toBe(1);
    expect(cache.bytes).toBe(one);
  });

  it('keeps nothing with a budget of 0', () => {
    const cache = new AggregateCache(0);
    cache.set('a', aggregate(1));
    expect(cache.get('a')).toBeUndefined();
  });

  it('re-weighs an entry that grew while cached', () => {
    const growing = aggregate(0);
    const cache = new AggregateCache(2 * one + 250);
    cache.set('g', growing);
    cache.set('x', aggregate(1));
    growing.commands.record('c1', { requestHash: 'h', revision: 1n, position: 1n, at: 1_000 });
    cache.set('g', growing);
    expect(cache.size).toBe(2);
    growing.commands.record('c2', { requestHash: 'h', revision: 2n, position: 2n, at: 1_000 });
    cache.set('g', growing);
    expect(cache.get('x')).toBeUndefined();
    expect(cache.get('g')).toBe(growing);
  });
});
