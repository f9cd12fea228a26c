import type { EventStoreDBClient } from '@eventstore/db-client';
import { binaryEvent, START, streamNameFilter } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { eventually, startTestEventStore } from './testing/event-store.fixture.js';

/** Well past what HTTP/2 flow control and both ends' buffers hold for a paused subscriber. */
const BACKLOG_EVENTS = 2_000;
const BATCH = 100;
const DATA = Buffer.alloc(1024, 7);

type Seen = 'caughtUp' | 'fellBehind' | bigint;

describe('a live subscriber that falls behind', () => {
  let es: TestEventStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    es = await startTestEventStore();
    client = es.client;
  });
  afterAll(() => es.stop());

  const subscribe = {
    stream: (name: string) => client.subscribeToStream(name),
    $all: (name: string) =>
      client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [name] }) }),
  };

  it.each(Object.keys(subscribe) as (keyof typeof subscribe)[])(
    '%s: is served from the log and told caught up again, without fell_behind, as KurrentDB does',
    async (kind) => {
      const name = `behind-${randomUUID()}`;
      const subscription = subscribe[kind](name) as unknown as Readable;
      const seen: Seen[] = [];
      subscription.on('caughtUp', () => seen.push('caughtUp'));
      subscription.on('fellBehind', () => seen.push('fellBehind'));
      subscription.on('data', (resolved: { event: { revision: bigint } }) =>
        seen.push(resolved.event.revision),
      );
      try {
        await eventually(() => seen.includes('caughtUp'));
        // A subscriber that stops reading: backpressure reaches the server through HTTP/2.
        subscription.pause();
        for (let i = 0; i < BACKLOG_EVENTS / BATCH; i++) {
          const events = Array.from({ length: BATCH }, () => binaryEvent({ type: 'Filled', data: DATA }));
          await client.appendToStream(name, events);
        }
        subscription.resume();
        const revisions = Array.from({ length: BACKLOG_EVENTS }, (_, i) => BigInt(i));
        const events = (): Seen[] => seen.filter((item) => typeof item === 'bigint');
        await eventually(() => events().length === BACKLOG_EVENTS && seen.at(-1) === 'caughtUp', 20_000);
        expect(events()).toEqual(revisions);
        expect(seen[0]).toBe('caughtUp');
        // How often it fell behind depends on how much the paused client's buffers held.
        expect(seen.filter((item) => item === 'caughtUp').length).toBeGreaterThanOrEqual(2);
        expect(seen).not.toContain('fellBehind');
      } finally {
        await (subscription as unknown as { unsubscribe(): Promise<void> }).unsubscribe();
      }
    },
    30_000,
  );

  it('is not told caught up again while it keeps up with live events', async () => {
    const name = `keeping-up-${randomUUID()}`;
    const subscription = client.subscribeToStream(name) as unknown as Readable;
    const seen: Seen[] = [];
    subscription.on('caughtUp', () => seen.push('caughtUp'));
    subscription.on('data', (resolved: { event: { revision: bigint } }) =>
      seen.push(resolved.event.revision),
    );
    try {
      await eventually(() => seen.includes('caughtUp'));
      for (let i = 0; i < 50; i++) {
        await client.appendToStream(name, binaryEvent({ type: 'One', data: DATA }));
        await eventually(() => seen.length === i + 2);
      }
      expect(seen).toEqual(['caughtUp', ...Array.from({ length: 50 }, (_, i) => BigInt(i))]);
    } finally {
      await (subscription as unknown as { unsubscribe(): Promise<void> }).unsubscribe();
    }
  });
});
