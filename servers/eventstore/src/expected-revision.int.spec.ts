import type { AppendToStreamOptions, EventStoreDBClient } from '@eventstore/db-client';
import { jsonEvent, StreamDeletedError, WrongExpectedVersionError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, rejectionOf, startTestEventStore } from './testing/event-store.fixture.js';

const event = (type = 'ThingHappened', id?: string) => jsonEvent({ type, data: {}, ...(id ? { id } : {}) });

// The client answers a wrong version from two different replies: an AppendResp field (Append) and a
// status detail (BatchAppend). Each case runs over both, since either path can be the one in use.
const PATHS: Array<[string, AppendToStreamOptions]> = [
  ['BatchAppend', {}],
  ['Append (per-call credentials)', { credentials: { username: 'admin', password: 'changeit' } }],
];

describe.each(PATHS)('expected revisions over %s', (_path, callOptions) => {
  let es: TestEventStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    es = await startTestEventStore();
    client = es.client;
  });
  afterAll(() => es.stop());
  const stream = () => `expect-${randomUUID()}`;
  const append = (name: string, events: ReturnType<typeof event>[], expected: AppendToStreamOptions) =>
    client.appendToStream(name, events, { ...callOptions, ...expected });
  const revisions = async (name: string) =>
    (await collect(client.readStream(name))).map((e) => e.event!.revision);

  it('any: writes to a missing and to an existing stream', async () => {
    const name = stream();
    expect((await append(name, [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0n);
    expect((await append(name, [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1n);
  });

  it('no_stream: refuses an existing stream, naming expected and actual, and writes nothing', async () => {
    const name = stream();
    await append(name, [event()], { expectedRevision: 'no_stream' });
    const error = await rejectionOf(append(name, [event()], { expectedRevision: 'no_stream' }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: name, expectedVersion: 'no_stream', actualVersion: 0n });
    expect(await revisions(name)).toEqual([0n]);
  });

  it('stream_exists: refuses a missing stream with actual no_stream, accepts an existing one', async () => {
    const name = stream();
    const error = await rejectionOf(append(name, [event()], { expectedRevision: 'stream_exists' }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({
      streamName: name,
      expectedVersion: 'stream_exists',
      actualVersion: 'no_stream',
    });
    await append(name, [event()], { expectedRevision: 'any' });
    const ok = await append(name, [event()], { expectedRevision: 'stream_exists' });
    expect(ok.nextExpectedRevision).toBe(1n);
  });

  it('exact: refuses a revision behind, ahead, or on a missing stream', async () => {
    const name = stream();
    await append(name, [event(), event(), event()], { expectedRevision: 'no_stream' });
    await expect(append(name, [event()], { expectedRevision: 0n })).rejects.toMatchObject({
      streamName: name,
      expectedVersion: 0n,
      actualVersion: 2n,
    });
    await expect(append(name, [event()], { expectedRevision: 7n })).rejects.toMatchObject({
      expectedVersion: 7n,
      actualVersion: 2n,
    });
    await expect(append(stream(), [event()], { expectedRevision: 0n })).rejects.toMatchObject({
      expectedVersion: 0n,
      actualVersion: 'no_stream',
    });
    expect((await append(name, [event()], { expectedRevision: 2n })).nextExpectedRevision).toBe(3n);
  });

  it('re-append of the same ids: the original revision and position, nothing written twice', async () => {
    const name = stream();
    const events = [event('A', randomUUID()), event('B', randomUUID())];
    const first = await append(name, events, { expectedRevision: 'no_stream' });
    expect(await append(name, events, { expectedRevision: 'no_stream' })).toEqual(first);
    expect(await append(name, events, { expectedRevision: 'any' })).toEqual(first);
    expect(await revisions(name)).toEqual([0n, 1n]);
  });

  it('re-append whose ids only partly match: wrong expected version, nothing written', async () => {
    const name = stream();
    const a = event('A', randomUUID());
    await append(name, [a, event('B')], { expectedRevision: 'no_stream' });
    const error = await rejectionOf(append(name, [a, event('C')], { expectedRevision: 'no_stream' }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: name, expectedVersion: 'no_stream', actualVersion: 1n });
    expect(await revisions(name)).toEqual([0n, 1n]);
  });

  it('soft-deleted stream: stream_exists fails with stream deleted, no_stream revives it', async () => {
    const name = stream();
    await append(name, [event(), event()], { expectedRevision: 'no_stream' });
    await client.deleteStream(name);
    const error = await rejectionOf(append(name, [event()], { expectedRevision: 'stream_exists' }));
    expect(error).toBeInstanceOf(StreamDeletedError);
    expect(error).toMatchObject({ streamName: name });
    const revived = await append(name, [event()], { expectedRevision: 'no_stream' });
    expect(revived.nextExpectedRevision).toBe(2n);
    expect(await revisions(name)).toEqual([2n]);
  });

  it('tombstoned stream: every expected revision fails with stream deleted', async () => {
    const name = stream();
    await append(name, [event()], { expectedRevision: 'no_stream' });
    await client.tombstoneStream(name);
    for (const expectedRevision of ['any', 'no_stream', 'stream_exists', 0n] as const) {
      const error = await rejectionOf(append(name, [event()], { expectedRevision }));
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect(error).toMatchObject({ streamName: name });
    }
  });
});
