import type { EventStoreDBClient } from '@eventstore/db-client';
import { BACKWARDS, binaryEvent, END, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, eventually, startTestEventStore } from './testing/event-store.fixture.js';
import { SubscriptionRecorder } from './testing/subscription-recorder.js';

const events = (count: number) =>
  Array.from({ length: count }, (_, index) => jsonEvent({ type: `E${index}`, data: {} }));
const link = (target: string, revision: number) =>
  binaryEvent({ type: '$>', data: Buffer.from(`${revision}@${target}`, 'utf8') });

describe('stream metadata and links', () => {
  let es: TestEventStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    es = await startTestEventStore();
    client = es.client;
  });
  afterAll(() => es.stop());
  const stream = () => `meta-${randomUUID()}`;
  const revisions = async (name: string, options = {}) =>
    (await collect(client.readStream(name, options))).map((e) => Number(e.event!.revision));

  it('stores metadata in $$<stream> and reads it back', async () => {
    const name = stream();
    expect(await client.getStreamMetadata(name)).toEqual({ streamName: name });
    await client.setStreamMetadata(name, { maxCount: 10, custom: 'value' });
    const read = await client.getStreamMetadata(name);
    expect(read.metadata).toEqual({ maxCount: 10, custom: 'value' });
    const [raw] = await collect(client.readStream(`$$${name}`));
    expect(raw!.event!.type).toBe('$metadata');
  });

  it('honours $maxCount on reads in both directions', async () => {
    const name = stream();
    await client.appendToStream(name, events(5));
    await client.setStreamMetadata(name, { maxCount: 2 });
    expect(await revisions(name)).toEqual([3, 4]);
    expect(await revisions(name, { direction: BACKWARDS, fromRevision: END })).toEqual([4, 3]);
  });

  it('honours $tb (truncate before)', async () => {
    const name = stream();
    await client.appendToStream(name, events(5));
    await client.setStreamMetadata(name, { truncateBefore: 3 });
    expect(await revisions(name)).toEqual([3, 4]);
  });

  it('honours $maxAge: old events disappear from reads', async () => {
    const name = stream();
    await client.appendToStream(name, events(2));
    await client.setStreamMetadata(name, { maxAge: 1 });
    expect(await revisions(name)).toEqual([0, 1]);
    await eventually(async () => (await revisions(name)).length === 0, 10_000);
  }, 30_000);

  it('resolves links with resolveLinkTos, and leaves them alone without it', async () => {
    const target = stream();
    const links = stream();
    await client.appendToStream(target, events(3));
    await client.appendToStream(links, [link(target, 2), link(target, 0)]);
    const resolved = await collect(client.readStream(links, { resolveLinkTos: true }));
    expect(resolved.map((e) => [e.event!.streamId, e.event!.type, e.link!.type])).toEqual([
      [target, 'E2', '$>'],
      [target, 'E0', '$>'],
    ]);
    const raw = await collect(client.readStream(links));
    expect(raw.map((e) => [e.event!.type, e.link])).toEqual([
      ['$>', undefined],
      ['$>', undefined],
    ]);
  });

  it('returns a dangling link as itself', async () => {
    const links = stream();
    await client.appendToStream(links, link(`missing-${randomUUID()}`, 0));
    const [read] = await collect(client.readStream(links, { resolveLinkTos: true }));
    expect(read!.event!.type).toBe('$>');
    expect(read!.link).toBeUndefined();
  });

  it('resolves links in subscriptions', async () => {
    const target = stream();
    const links = stream();
    await client.appendToStream(target, events(1));
    const subscription = client.subscribeToStream(links, { resolveLinkTos: true });
    const recorder = new SubscriptionRecorder(subscription);
    await client.appendToStream(links, link(target, 0));
    await eventually(() => recorder.events.length === 1);
    expect(recorder.events[0]).toMatchObject({ streamId: target, type: 'E0' });
    await subscription.unsubscribe();
  });
});
