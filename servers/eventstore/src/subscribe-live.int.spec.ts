import type { EventStoreDBClient } from '@eventstore/db-client';
import {
  BACKWARDS,
  binaryEvent,
  END,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  START,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { collect, eventually, eventStoreForSubscriptions } from './testing/event-store.fixture.js';
import { SubscriptionRecorder } from './testing/subscription-recorder.js';

const event = (type: string) => jsonEvent({ type, data: {} });

describe('subscriptions after catch-up, and metadata and links on the way', () => {
  const bed = eventStoreForSubscriptions();
  const { track } = bed;
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = bed.client;
  });

  it('$all: confirmation, stored events, caught up, then live events, in that order', async () => {
    const tag = randomUUID().slice(0, 8);
    await client.appendToStream(`order-${tag}`, event(`Old${tag}`));
    const recorder = new SubscriptionRecorder(
      track(client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() })),
    );
    await eventually(() => recorder.caughtUp);
    await client.appendToStream(`order-${tag}`, event(`New${tag}`));
    await eventually(() => recorder.types.includes(`New${tag}`));
    const kinds = recorder.seen
      .filter((item) => item.kind !== 'checkpoint')
      .map((item) => (item.kind === 'event' ? (item.type.endsWith(tag) ? item.type : 'other') : item.kind));
    expect(kinds.filter((kind) => kind !== 'other')).toEqual([
      'confirmation',
      `Old${tag}`,
      'caughtUp',
      `New${tag}`,
    ]);
  });

  it('filtered $all: checkpoints go on in the live phase, every 32 events examined', async () => {
    const tag = randomUUID().slice(0, 8);
    const recorder = new SubscriptionRecorder();
    const subscription = track(
      client.subscribeToAll({
        fromPosition: END,
        filter: eventTypeFilter({
          prefixes: [`Match${tag}`],
          checkpointInterval: 1,
          checkpointReached: recorder.onCheckpoint,
        }),
      }),
    );
    recorder.attach(subscription);
    await eventually(() => recorder.caughtUp);
    const caughtUpAt = recorder.seen.length;
    await client.appendToStream(
      `live-${tag}`,
      Array.from({ length: 40 }, () => event(`Noise${tag}`)),
    );
    await client.appendToStream(`live-${tag}`, event(`Match${tag}`));
    await eventually(() => recorder.events.length === 1);
    const live = recorder.seen.slice(caughtUpAt).map((item) => item.kind);
    // 41 events examined live: one checkpoint after the 32nd, then the match.
    expect(live).toEqual(['checkpoint', 'event']);
    const [checkpoint] = recorder.seen.slice(caughtUpAt);
    const [match] = recorder.events;
    expect(checkpoint).toMatchObject({ kind: 'checkpoint' });
    expect((checkpoint as { position: bigint }).position).toBeLessThan(match!.position!);
  });

  it('a stream subscription catches up through $maxCount, as reads do', async () => {
    const name = `maxcount-${randomUUID()}`;
    await client.appendToStream(
      name,
      Array.from({ length: 5 }, (_, index) => event(`E${index}`)),
    );
    await client.setStreamMetadata(name, { maxCount: 2 });
    const recorder = new SubscriptionRecorder(track(client.subscribeToStream(name, { fromRevision: START })));
    await eventually(() => recorder.caughtUp);
    expect(recorder.types).toEqual(['E3', 'E4']);
  });

  it('$all reads resolve links with resolveLinkTos', async () => {
    const target = `target-${randomUUID()}`;
    await client.appendToStream(target, event('Target'));
    await client.appendToStream(
      `links-${randomUUID()}`,
      binaryEvent({ type: '$>', data: Buffer.from(`0@${target}`, 'utf8') }),
    );
    const [resolved] = await collect(
      client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, resolveLinkTos: true }),
    );
    expect([resolved!.event!.streamId, resolved!.event!.type, resolved!.link?.type]).toEqual([
      target,
      'Target',
      '$>',
    ]);
    const [raw] = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect([raw!.event!.type, raw!.link]).toEqual(['$>', undefined]);
  });
});
