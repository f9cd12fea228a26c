import { EventBodyCache } from './event-body-cache.js';
import type { StoredEvent } from './log-storage.js';

const stored = (position: number, bytes: number): StoredEvent => ({
  streamName: 's',
  revision: 0n,
  eventId: 'id',
  type: 't',
  contentType: 'application/octet-stream',
  created: 0n,
  data: new Uint8Array(bytes),
  metadata: new Uint8Array(0),
  position: BigInt(position),
});

describe('event body cache', () => {
  it('never holds more than its bound, however many events go in', () => {
    const cache = new EventBodyCache(10_000);
    for (let i = 0; i < 1000; i++) {
      cache.set(i, stored(i, 500));
      expect(cache.sizeBytes).toBeLessThanOrEqual(10_000);
    }
    expect(cache.size).toBeGreaterThan(5);
    expect(cache.get(999)?.position).toBe(999n);
    expect(cache.get(0)).toBeUndefined();
  });

  it('evicts the least recently used event first', () => {
    const cache = new EventBodyCache(3 * 700);
    cache.set(1, stored(1, 500));
    cache.set(2, stored(2, 500));
    cache.set(3, stored(3, 500));
    cache.get(1);
    cache.set(4, stored(4, 500));
    expect([1, 2, 3, 4].map((p) => cache.get(p) !== undefined)).toEqual([true, false, true, true]);
  });

  it('does not cache an event larger than the whole bound', () => {
    const cache = new EventBodyCache(1000);
    cache.set(1, stored(1, 5000));
    expect(cache.get(1)).toBeUndefined();
    expect(cache.sizeBytes).toBe(0);
  });
});
