import { IdempotencyCache } from './idempotency-cache.js';

describe('the idempotency cache', () => {
  it('answers the revision an id was stored at, in its own stream only', () => {
    const cache = new IdempotencyCache(4);
    cache.remember('a', 1, 7);
    expect(cache.revisionOf('a', 1)).toBe(7);
    expect(cache.revisionOf('a', 2)).toBeUndefined();
    expect(cache.revisionOf('b', 1)).toBeUndefined();
  });

  it('forgets the oldest ids first once full', () => {
    const cache = new IdempotencyCache(3);
    for (const [i, id] of ['a', 'b', 'c', 'd', 'e'].entries()) cache.remember(id, 0, i);
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => cache.revisionOf(id, 0))).toEqual([
      undefined,
      undefined,
      2,
      3,
      4,
    ]);
  });

  it('keeps an id stored again where it was stored last, however old its first slot', () => {
    const cache = new IdempotencyCache(3);
    cache.remember('a', 0, 0);
    cache.remember('b', 0, 1);
    cache.remember('a', 5, 9);
    cache.remember('c', 0, 2); // evicts a's first slot: the later 'a' must survive
    expect(cache.revisionOf('a', 5)).toBe(9);
    expect(cache.revisionOf('a', 0)).toBeUndefined();
    expect(cache.revisionOf('b', 0)).toBe(1);
  });

  it('holds exactly the last ids after many times its capacity passed through', () => {
    const cache = new IdempotencyCache(50_000);
    for (let i = 0; i < 200_000; i++) cache.remember(`id-${i}`, 0, i);
    expect(cache.revisionOf('id-149999', 0)).toBeUndefined();
    expect(cache.revisionOf('id-150000', 0)).toBe(150_000);
    expect(cache.revisionOf('id-199999', 0)).toBe(199_999);
  });
});

describe('the idempotency cache filled in bulk (recovery)', () => {
  it('answers as if each id had been remembered one by one', () => {
    const bulk = new IdempotencyCache(3);
    bulk.deferIndexing();
    for (const [i, id] of ['a', 'b', 'a', 'c', 'd'].entries()) bulk.remember(id, 0, i);
    expect(bulk.revisionOf('a', 0)).toBeUndefined(); // not indexed until the end
    bulk.finishIndexing();
    expect(['a', 'b', 'c', 'd'].map((id) => bulk.revisionOf(id, 0))).toEqual([2, undefined, 3, 4]);
    bulk.remember('e', 0, 5); // evicts the slot of the later 'a'
    expect(['a', 'c', 'd', 'e'].map((id) => bulk.revisionOf(id, 0))).toEqual([undefined, 3, 4, 5]);
  });
});
