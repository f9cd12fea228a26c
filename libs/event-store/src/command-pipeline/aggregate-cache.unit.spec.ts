import { AggregateCache } from './aggregate-cache.js';
import { emptyAggregate } from './loaded-aggregate.js';

const aggregateWithCommands = (count: number) => {
  const aggregate = emptyAggregate({ n: count });
  for (let i = 0; i < count; i++)
    aggregate.commands.set(`c${i}`, { requestHash: 'h', revision: 0n, position: 0n });
  return aggregate;
};

describe('AggregateCache', () => {
  it('evicts the least recently used stream once over budget', () => {
    const cache = new AggregateCache(2);
    cache.set('a', emptyAggregate(1));
    cache.set('b', emptyAggregate(2));
    cache.get('a');
    cache.set('c', emptyAggregate(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.state).toBe(1);
    expect(cache.get('c')?.state).toBe(3);
  });

  it('counts remembered commands in the budget and skips entries heavier than all of it', () => {
    const cache = new AggregateCache(5);
    cache.set('a', emptyAggregate(1));
    cache.set('heavy', aggregateWithCommands(3));
    expect(cache.size).toBe(2);
    cache.set('b', emptyAggregate(2));
    expect(cache.get('a')).toBeUndefined();
    cache.set('huge', aggregateWithCommands(5));
    expect(cache.get('huge')).toBeUndefined();
  });

  it('keeps nothing with a budget of 0', () => {
    const cache = new AggregateCache(0);
    cache.set('a', emptyAggregate(1));
    expect(cache.get('a')).toBeUndefined();
  });

  it('re-weighs an entry that grew while cached', () => {
    const cache = new AggregateCache(3);
    const growing = emptyAggregate(0);
    cache.set('g', growing);
    cache.set('x', emptyAggregate(1));
    growing.commands.set('c1', { requestHash: 'h', revision: 1n, position: 1n });
    cache.set('g', growing);
    expect(cache.size).toBe(2);
    growing.commands.set('c2', { requestHash: 'h', revision: 2n, position: 2n });
    cache.set('g', growing);
    expect(cache.get('x')).toBeUndefined();
    expect(cache.get('g')).toBe(growing);
  });
});
