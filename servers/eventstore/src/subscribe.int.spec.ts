import type { EventStoreDBClient } from '@eventstore/db-client';
import {
  END,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { eventually, eventStoreForSubscriptions } from './testing/event-store.fixture.js';
import { SubscriptionRecorder } from './testing/subscription-recorder.js';

const event = (type: string) => jsonEvent({ type, data: {} });

describe('subscriptions', () => {
  const bed = eventStoreForSubscriptions();
  const { track } = bed;
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = bed.client;
  });

  describe('to a stream', () => {
    it('from the start: stored events, caught up, then live events', async () => {
      const name = `sub-${randomUUID()}`;
      await client.appendToStream(name, [event('A'), event('B')]);
      const recorder = new SubscriptionRecorder(
        track(client.subscribeToStream(name, { fromRevision: START })),
      );
      await eventually(() => recorder.caughtUp);
      await client.appendToStream(name, event('C'));
      await eventually(() => recorder.events.length === 3);
      expect(recorder.seen.map((item) => (item.kind === 'event' ? item.type : item.kind))).toEqual([
        'confirmation',
        'A',
        'B',
        'caughtUp',
        'C',
      ]);
    });

    it('from the end: only events appended afterwards', async () => {
      const name = `sub-${randomUUID()}`;
      await client.appendToStream(name, [event('A'), event('B')]);
      const recorder = new SubscriptionRecorder(track(client.subscribeToStream(name, { fromRevision: END })));
      await eventually(() => recorder.caughtUp);
      await client.appendToStream(name, event('C'));
      await eventually(() => recorder.events.length === 1);
      expect(recorder.types).toEqual(['C']);
    });

    it('from a revision: starts after it', async () => {
      const name = `sub-${randomUUID()}`;
      await client.appendToStream(name, [event('A'), event('B'), event('C')]);
      const recorder = new SubscriptionRecorder(track(client.subscribeToStream(name, { fromRevision: 0n })));
      await eventually(() => recorder.caughtUp);
      expect(recorder.events.map((e) => e.revision)).toEqual([1n, 2n]);
    });

    it('to a stream that does not exist yet: waits for its first event', async () => {
      const name = `sub-${randomUUID()}`;
      const recorder = new SubscriptionRecorder(track(client.subscribeToStream(name)));
      await eventually(() => recorder.caughtUp);
      await client.appendToStream(name, event('First'));
      await eventually(() => recorder.events.length === 1);
      expect(recorder.events[0]).toMatchObject({ type: 'First', revision: 0n });
    });
  });

  describe('to $all', () => {
    it('from the start delivers system events too, unless they are excluded', async () => {
      const all = new SubscriptionRecorder(track(client.subscribeToAll()));
      const user = new SubscriptionRecorder(track(client.subscribeToAll({ filter: excludeSystemEvents() })));
      await eventually(() => all.caughtUp && user.caughtUp);
      expect(all.types.some((type) => type.startsWith('$'))).toBe(true);
      expect(user.types.some((type) => type.startsWith('$'))).toBe(false);
    });

    it('from a position starts after it, then delivers live events', async () => {
      const name = `pos-${randomUUID()}`;
      const first = await client.appendToStream(name, event('A'));
      await client.appendToStream(name, event('B'));
      const recorder = new SubscriptionRecorder(
        track(
          client.subscribeToAll({
            fromPosition: first.position!,
            filter: streamNameFilter({ prefixes: [name] }),
          }),
        ),
      );
      await eventually(() => recorder.caughtUp);
      await client.appendToStream(name, event('C'));
      await eventually(() => recorder.events.length === 2);
      expect(recorder.types).toEqual(['B', 'C']);
      expect(recorder.events[0]!.position).toBeGreaterThan(first.position!.commit);
    });

    it('from the end delivers only new events', async () => {
      const marker = `End${randomUUID().slice(0, 8)}`;
      await client.appendToStream(`end-${randomUUID()}`, event(`${marker}Old`));
      const recorder = new SubscriptionRecorder(
        track(client.subscribeToAll({ fromPosition: END, filter: eventTypeFilter({ prefixes: [marker] }) })),
      );
      await eventually(() => recorder.caughtUp);
      await client.appendToStream(`end-${randomUUID()}`, event(`${marker}New`));
      await eventually(() => recorder.events.length === 1);
      expect(recorder.types).toEqual([`${marker}New`]);
    });

    it('filters by event type and stream name, by prefix and by regex', async () => {
      const tag = randomUUID().slice(0, 8);
      await client.appendToStream(`acct${tag}-1`, [event(`Opened${tag}`), event(`Closed${tag}`)]);
      await client.appendToStream(`xfer${tag}-1`, [event(`Opened${tag}`)]);
      const byTypePrefix = new SubscriptionRecorder(
        track(client.subscribeToAll({ filter: eventTypeFilter({ prefixes: [`Closed${tag}`] }) })),
      );
      const byTypeRegex = new SubscriptionRecorder(
        track(client.subscribeToAll({ filter: eventTypeFilter({ regex: `^Opened${tag}$` }) })),
      );
      const byStreamPrefix = new SubscriptionRecorder(
        track(client.subscribeToAll({ filter: streamNameFilter({ prefixes: [`xfer${tag}`] }) })),
      );
      const byStreamRegex = new SubscriptionRecorder(
        track(client.subscribeToAll({ filter: streamNameFilter({ regex: `^acct${tag}` }) })),
      );
      await eventually(() =>
        [byTypePrefix, byTypeRegex, byStreamPrefix, byStreamRegex].every((r) => r.caughtUp),
      );
      expect(byTypePrefix.events.map((e) => e.streamId)).toEqual([`acct${tag}-1`]);
      expect(byTypeRegex.events.map((e) => e.streamId)).toEqual([`acct${tag}-1`, `xfer${tag}-1`]);
      expect(byStreamPrefix.types).toEqual([`Opened${tag}`]);
      expect(byStreamRegex.types).toEqual([`Opened${tag}`, `Closed${tag}`]);
    });

    it('sends a checkpoint every 32 × multiplier events examined and one when caught up', async () => {
      const tag = randomUUID().slice(0, 8);
      const start = (await client.appendToStream(`cp-${tag}`, event('Start'))).position!;
      await client.appendToStream(
        `cp-${tag}`,
        Array.from({ length: 100 }, () => event(`Noise${tag}`)),
      );
      const recorder = new SubscriptionRecorder();
      const subscription = track(
        client.subscribeToAll({
          fromPosition: start,
          filter: eventTypeFilter({
            prefixes: [`Nothing${tag}`],
            checkpointInterval: 1,
            checkpointReached: recorder.onCheckpoint,
          }),
        }),
      );
      recorder.attach(subscription);
      await eventually(() => recorder.caughtUp);
      const checkpoints = recorder.seen.flatMap((item) =>
        item.kind === 'checkpoint' ? [item.position] : [],
      );
      // 100 events examined: checkpoints after 32, 64 and 96, then one at the end of catch-up.
      expect(checkpoints).toHaveLength(4);
      expect(checkpoints).toEqual([...checkpoints].sort((a, b) => (a < b ? -1 : 1)));
      const [last] = await (async () => {
        const items = [];
        for await (const e of client.readAll({ fromPosition: END, direction: 'backwards', maxCount: 1 }))
          items.push(e);
        return items;
      })();
      expect(checkpoints.at(-1)).toBe(last!.commitPosition);
    });

    it('keeps accepting appends while a subscriber reads nothing, and delivers everything later', async () => {
      const tag = randomUUID().slice(0, 8);
      const subscription = track(
        client.subscribeToAll({ filter: eventTypeFilter({ prefixes: [`Slow${tag}`] }) }),
      );
      subscription.pause();
      const payload = 'x'.repeat(2_000);
      for (let batch = 0; batch < 10; batch++) {
        await client.appendToStream(
          `slow-${tag}`,
          Array.from({ length: 100 }, () => jsonEvent({ type: `Slow${tag}`, data: { payload } })),
        );
      }
      let received = 0;
      subscription.on('data', () => received++);
      subscription.resume();
      await eventually(() => received === 1_000, 20_000);
      // 2 MB through a paused stream and back: seconds when CI's other suites hold both cores.
    }, 30_000);
  });
});
