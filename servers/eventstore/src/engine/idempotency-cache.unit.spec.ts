import { IdempotencyCache, parseUuid } from './idempotency-cache.js';

/** A distinct lower-case UUID for each number. */
const id = (n: number | string): string =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`.replace(/[^0-9a-f-]/g, 'a');

describe('the idempotency cache', () => {
  it('answers the revision an id was stored at, in its own stream only', () => {
    const cache = new IdempotencyCache(4);
    cache.remember(id(1), 1, 7);
    expect(cache.revisionOf(id(1), 1)).toBe(7);
    expect(cache.revisionOf(id(1), 2)).toBeUndefined();
    expect(cache.revisionOf(id(2), 1)).toBeUndefined();
  });

  it('forgets the oldest ids first once full', () => {
    const cache = new IdempotencyCache(3);
    for (let i = 0; i < 5; i++) cache.remember(id(i), 0, i);
    expect([0, 1, 2, 3, 4].map((i) => cache.revisionOf(id(i), 0))).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it('keeps an id stored again where it was stored last, however old its first slot', () => {
    const cache = new IdempotencyCache(3);
    cache.remember(id('a'), 0, 0);
    cache.remember(id('b'), 0, 1);
    cache.remember(id('a'), 5, 9);
    cache.remember(id('c'), 0, 2); // evicts a's first slot: the later 'a' must survive
    expect(cache.revisionOf(id('a'), 5)).toBe(9);
    expect(cache.revisionOf(id('a'), 0)).toBeUndefined();
    expect(cache.revisionOf(id('b'), 0)).toBe(1);
  });

  it('holds exactly the last ids after many times its capacity passed through', () => {
    const cache = new IdempotencyCache(50_000);
    for (let i = 0; i < 200_000; i++) cache.remember(id(i), 0, i);
    expect(cache.revisionOf(id(149_999), 0)).toBeUndefined();
    expect(cache.revisionOf(id(150_000), 0)).toBe(150_000);
    expect(cache.revisionOf(id(199_999), 0)).toBe(199_999);
    const remembered = Array.from({ length: 200_000 }, (_, i) => cache.revisionOf(id(i), 0));
    expect(remembered.filter((r) => r !== undefined)).toHaveLength(50_000);
  });

  it('tells ids apart that share most of their bytes (random UUIDs, and ids re-stored at random)', () => {
    const cache = new IdempotencyCache(1_000);
    const ids = Array.from({ length: 5_000 }, () => crypto.randomUUID());
    const latest = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const eventId = ids[Math.floor(Math.random() * ids.length)]!;
      cache.remember(eventId, 3, i);
      latest.set(eventId, i);
    }
    // The last 1,000 remembered slots hold the latest revision of each id seen since.
    const recent = [...latest].filter(([, revision]) => revision >= 19_000);
    expect(recent.filter(([eventId, revision]) => cache.revisionOf(eventId, 3) !== revision)).toEqual([]);
    const old = [...latest].filter(([, revision]) => revision < 19_000);
    expect(old.filter(([eventId]) => cache.revisionOf(eventId, 3) !== undefined)).toEqual([]);
  });

  it('does not remember ids that are not lower-case UUIDs', () => {
    const cache = new IdempotencyCache(4);
    const uuid = 'f81d4fae-7dec-41d0-a765-00a0c91e6bf6';
    for (const text of ['a', uuid.toUpperCase(), `${uuid}0`, uuid.replace(/-/g, '_'), uuid.slice(1)]) {
      cache.remember(text, 0, 1);
      expect(cache.revisionOf(text, 0)).toBeUndefined();
    }
    expect(cache.revisionOf(uuid, 0)).toBeUndefined();
  });
});

describe('the idempotency cache filled in bulk (recovery)', () => {
  it('answers as if each id had been remembered one by one', () => {
    const bulk = new IdempotencyCache(3);
    bulk.deferIndexing();
    for (const [i, name] of ['a', 'b', 'a', 'c', 'd'].entries()) bulk.remember(id(name), 0, i);
    expect(bulk.revisionOf(id('a'), 0)).toBeUndefined(); // not indexed until the end
    bulk.finishIndexing();
    expect(['a', 'b', 'c', 'd'].map((name) => bulk.revisionOf(id(name), 0))).toEqual([2, undefined, 3, 4]);
    bulk.remember(id('e'), 0, 5); // evicts the slot of the later 'a'
    expect(['a', 'c', 'd', 'e'].map((name) => bulk.revisionOf(id(name), 0))).toEqual([undefined, 3, 4, 5]);
  });
});

describe('parseUuid', () => {
  it('reads the 32 hex digits of a canonical UUID as 4 words', () => {
    const out = new Uint32Array(4);
    expect(parseUuid('01234567-89ab-cdef-0123-456789abcdef', out)).toBe(true);
    expect([...out]).toEqual([0x01234567, 0x89abcdef, 0x01234567, 0x89abcdef]);
  });
});
