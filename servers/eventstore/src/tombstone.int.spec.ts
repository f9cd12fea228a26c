import type { EventStoreDBClient } from '@eventstore/db-client';
import { BACKWARDS, END, jsonEvent, StreamDeletedError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, eventually, rejectionOf, startTestEventStore } from './testing/event-store.fixture.js';
import { SubscriptionRecorder } from './testing/subscription-recorder.js';

// delete.int.spec.ts covers reads from the start, appends, deletes and subscriptions from the start;
// these are the other ways a client can reach a tombstoned stream.
describe('a tombstoned stream, reached every other way', () => {
  let es: TestEventStore;
  let client: EventStoreDBClient;
  let name: string;
  beforeAll(async () => {
    es = await startTestEventStore();
    client = es.client;
    name = `tomb-${randomUUID()}`;
    await client.appendToStream(name, [
      jsonEvent({ type: 'A', data: {} }),
      jsonEvent({ type: 'B', data: {} }),
    ]);
    await client.setStreamMetadata(name, { maxCount: 5, custom: 'before the tombstone' });
    await client.tombstoneStream(name, { expectedRevision: 1n });
  });
  afterAll(() => es.stop());

  it.each([
    ['backwards from the end', { direction: BACKWARDS, fromRevision: END }],
    ['forwards from a revision', { fromRevision: 1n }],
    ['with a count', { maxCount: 1 }],
  ] as const)('fails a read %s with stream deleted', async (_how, options) => {
    const error = await rejectionOf(collect(client.readStream(name, options)));
    expect(error).toBeInstanceOf(StreamDeletedError);
    expect(error).toMatchObject({ streamName: name });
  });

  it('fails a subscription from the end with stream deleted', async () => {
    const recorder = new SubscriptionRecorder(client.subscribeToStream(name, { fromRevision: END }));
    await eventually(() => recorder.error !== undefined);
    expect(recorder.error).toBeInstanceOf(StreamDeletedError);
  });

  it('counts its metadata stream as deleted too: reads and getStreamMetadata fail', async () => {
    const read = await rejectionOf(collect(client.readStream(`$$${name}`)));
    expect(read).toBeInstanceOf(StreamDeletedError);
    expect(read).toMatchObject({ streamName: `$$${name}` });
    const backwards = await rejectionOf(
      collect(client.readStream(`$$${name}`, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })),
    );
    expect(backwards).toBeInstanceOf(StreamDeletedError);
    expect(await rejectionOf(client.getStreamMetadata(name))).toBeInstanceOf(StreamDeletedError);
  });

  it('fails a subscription to its metadata stream with stream deleted', async () => {
    const recorder = new SubscriptionRecorder(client.subscribeToStream(`$$${name}`));
    await eventually(() => recorder.error !== undefined);
    expect(recorder.error).toBeInstanceOf(StreamDeletedError);
    expect(recorder.seen).toEqual([]);
  });

  it('refuses new stream metadata with stream deleted', async () => {
    const error = await rejectionOf(client.setStreamMetadata(name, { maxCount: 1 }));
    expect(error).toBeInstanceOf(StreamDeletedError);
  });

  it('keeps the tombstone in $all as a system event, after the stream’s events', async () => {
    const all = await collect(client.readAll());
    const ofStream = all.filter((e) => e.event!.streamId === name).map((e) => e.event!.type);
    expect(ofStream).toEqual(['A', 'B', '$streamDeleted']);
  });
});
