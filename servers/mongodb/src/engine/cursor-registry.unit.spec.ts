import { Long } from 'bson';
import { CursorRegistry } from './cursor-registry.js';

describe('CursorRegistry', () => {
  const docs = Array.from({ length: 5 }, (_, i) => ({ i }));
  let now = 0;
  let registry: CursorRegistry;

  beforeEach(() => {
    now = 1_000_000;
    registry = new CursorRegistry(() => now);
  });
  afterEach(() => registry.close());

  it('hands out int64 ids and batches until exhausted, then forgets the cursor', () => {
    const first = registry.open('db.c', docs, 2);
    expect(first.batch).toEqual([{ i: 0 }, { i: 1 }]);
    expect(Long.isLong(first.id) && !first.id.isZero()).toBe(true);
    expect(registry.next(first.id, 'db.c', 2)!.batch).toEqual([{ i: 2 }, { i: 3 }]);
    const last = registry.next(first.id, 'db.c', 2)!;
    expect([last.batch, last.id.isZero()]).toEqual([[{ i: 4 }], true]);
    expect(registry.next(first.id, 'db.c', 2)).toBeUndefined();
  });

  it('opens no cursor when everything fits or a single batch is asked for; batchSize 0 defers all', () => {
    expect(registry.open('db.c', docs, 10).id.isZero()).toBe(true);
    expect(registry.open('db.c', docs, 2, { singleBatch: true }).id.isZero()).toBe(true);
    const deferred = registry.open('db.c', docs, 0);
    expect(deferred.batch).toEqual([]);
    expect(registry.next(deferred.id, 'db.c', undefined)!.batch).toHaveLength(5);
    expect(registry.size).toBe(0);
  });

  it('expires cursors idle for 10 minutes, keeping ones in use', () => {
    const idle = registry.open('db.c', docs, 1).id;
    const busy = registry.open('db.c', docs, 1).id;
    now += 9 * 60_000;
    registry.next(busy, 'db.c', 1);
    now += 2 * 60_000;
    registry.expire();
    expect(registry.next(idle, 'db.c', 1)).toBeUndefined();
    expect(registry.next(busy, 'db.c', 1)!.batch).toEqual([{ i: 2 }]);
    expect(registry.timedOut).toBe(1);
  });

  it('keeps a noCursorTimeout cursor however long it idles, and honours a shorter timeout', () => {
    const short = new CursorRegistry(() => now, 1000);
    try {
      const kept = short.open('db.c', docs, 1, { noTimeout: true }).id;
      const dropped = short.open('db.c', docs, 1).id;
      now += 1001;
      expect(short.next(dropped, 'db.c', 1)).toBeUndefined();
      now += 60 * 60_000;
      expect(short.next(kept, 'db.c', 1)!.batch).toEqual([{ i: 1 }]);
      expect(short.timedOut).toBe(1);
    } finally {
      short.close();
    }
  });

  it('answers an unknown namespace or a killed id as not found', () => {
    const { id } = registry.open('db.c', docs, 1);
    expect(registry.next(id, 'db.other', 1)).toBeUndefined();
    expect(registry.kill(id)).toBe(true);
    expect(registry.kill(id)).toBe(false);
  });
});
