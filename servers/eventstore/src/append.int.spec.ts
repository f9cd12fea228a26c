import {
  binaryEvent,
  jsonEvent,
  MaxAppendSizeExceededError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, rejectionOf, startTestEventStore } from './testing/event-store.fixture.js';

const event = (type = 'ThingHappened', id?: string) =>
  jsonEvent({ type, data: { at: type }, ...(id ? { id } : {}) });

describe('appending to a stream (BatchAppend)', () => {
  let es: TestEventStore;
  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(() => es.stop());

  const stream = () => `append-${randomUUID()}`;

  it('numbers events from 0 and answers the position of the last one', async () => {
    const name = stream();
    const first = await es.client.appendToStream(name, [event(), event()], { expectedRevision: 'no_stream' });
    const second = await es.client.appendToStream(name, event(), { expectedRevision: 1n });
    expect(first.nextExpectedRevision).toBe(1n);
    expect(second.nextExpectedRevision).toBe(2n);
    expect(first.position!.commit).toBe(first.position!.prepare);
    expect(second.position!.commit).toBeGreaterThan(first.position!.commit);
    const read = await collect(es.client.readStream(name));
    expect(read.map((e) => e.event!.revision)).toEqual([0n, 1n, 2n]);
    expect(read[1]!.event!.position).toEqual(first.position);
  });

  it('gives $all positions that increase with gaps, like byte offsets', async () => {
    const name = stream();
    await es.client.appendToStream(name, [event(), event(), event()]);
    const read = await collect(es.client.readStream(name));
    const positions = read.map((e) => e.event!.position!.commit);
    expect(positions[1]! - positions[0]!).toBeGreaterThan(1n);
    expect(positions[2]! - positions[1]!).toBeGreaterThan(1n);
  });

  it('accepts any revision with expectedRevision any', async () => {
    const name = stream();
    await es.client.appendToStream(name, event(), { expectedRevision: 'any' });
    const result = await es.client.appendToStream(name, event(), { expectedRevision: 'any' });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  it('refuses no_stream when the stream exists, naming both versions', async () => {
    const name = stream();
    await es.client.appendToStream(name, event());
    const error = await rejectionOf(
      es.client.appendToStream(name, event(), { expectedRevision: 'no_stream' }),
    );
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: name, expectedVersion: 'no_stream', actualVersion: 0n });
  });

  it('refuses stream_exists when the stream does not exist', async () => {
    const name = stream();
    const error = await rejectionOf(
      es.client.appendToStream(name, event(), { expectedRevision: 'stream_exists' }),
    );
    expect(error).toMatchObject({
      streamName: name,
      expectedVersion: 'stream_exists',
      actualVersion: 'no_stream',
    });
  });

  it('accepts stream_exists when the stream exists', async () => {
    const name = stream();
    await es.client.appendToStream(name, event());
    const result = await es.client.appendToStream(name, event(), { expectedRevision: 'stream_exists' });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  it('refuses an exact revision other than the current one', async () => {
    const name = stream();
    await es.client.appendToStream(name, [event(), event()]);
    const ahead = await rejectionOf(es.client.appendToStream(name, event(), { expectedRevision: 5n }));
    expect(ahead).toMatchObject({ streamName: name, expectedVersion: 5n, actualVersion: 1n });
    const missing = await rejectionOf(es.client.appendToStream(stream(), event(), { expectedRevision: 0n }));
    expect(missing).toMatchObject({ expectedVersion: 0n, actualVersion: 'no_stream' });
  });

  it('returns the original revision and position when the same events are appended again', async () => {
    const name = stream();
    const events = [event('A', randomUUID()), event('B', randomUUID())];
    const first = await es.client.appendToStream(name, events, { expectedRevision: 'no_stream' });
    const again = await es.client.appendToStream(name, events, { expectedRevision: 'no_stream' });
    expect(again).toEqual(first);
    const exact = await es.client.appendToStream(name, [events[1]!], { expectedRevision: 0n });
    expect(exact).toEqual(first);
    const any = await es.client.appendToStream(name, events, { expectedRevision: 'any' });
    expect(any).toEqual(first);
    expect(await collect(es.client.readStream(name))).toHaveLength(2);
  });

  it('refuses a re-append whose ids only partly match', async () => {
    const name = stream();
    const a = event('A', randomUUID());
    await es.client.appendToStream(name, [a, event('B')], { expectedRevision: 'no_stream' });
    const partial = await rejectionOf(
      es.client.appendToStream(name, [a, event('C')], { expectedRevision: 'no_stream' }),
    );
    expect(partial).toMatchObject({ streamName: name, expectedVersion: 'no_stream', actualVersion: 1n });
    const pastEnd = await rejectionOf(
      es.client.appendToStream(name, [a, event('B'), event('C')], { expectedRevision: 'no_stream' }),
    );
    expect(pastEnd).toBeInstanceOf(WrongExpectedVersionError);
    expect(await collect(es.client.readStream(name))).toHaveLength(2);
  });

  it('refuses an append over the 1 MiB maximum and keeps serving', async () => {
    const name = stream();
    const big = binaryEvent({ type: 'Big', data: new Uint8Array(1024 * 1024 + 10) });
    const error = await rejectionOf(es.client.appendToStream(name, big));
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect(error).toMatchObject({ maxAppendSize: 1024 * 1024 });
    const after = await es.client.appendToStream(name, event());
    expect(after.nextExpectedRevision).toBe(0n);
  });

  // The real server answers a bad event with a BadRequest status for its append alone (the client
  // raises UnknownError) and keeps serving the connection's other appends.
  it('refuses an event without a type, that append only', async () => {
    const name = stream();
    const error = await rejectionOf(es.client.appendToStream(name, jsonEvent({ type: '', data: {} })));
    expect(error).toBeInstanceOf(UnknownError);
    expect(error).toMatchObject({ message: expect.stringContaining('BadRequest') });
    await expect(collect(es.client.readStream(name))).rejects.toMatchObject({ type: 'stream-not-found' });
    expect((await es.client.appendToStream(name, event())).nextExpectedRevision).toBe(0n);
  });

  it('refuses an event id that is not a UUID, that append only', async () => {
    const name = stream();
    const error = await rejectionOf(es.client.appendToStream(name, [event('A'), event('B', 'not-a-uuid')]));
    expect(error).toBeInstanceOf(UnknownError);
    expect(error).toMatchObject({ message: expect.stringContaining('BadRequest') });
    await expect(collect(es.client.readStream(name))).rejects.toMatchObject({ type: 'stream-not-found' });
    expect((await es.client.appendToStream(name, event())).nextExpectedRevision).toBe(0n);
  });

  it('accepts the UUID forms the real server parses, and reads them back in the canonical form', async () => {
    const name = stream();
    const hex = '0f8fad5bd9cb469fa16570867728950e';
    const canonical = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const forms = [hex, hex.toUpperCase(), `{${canonical}}`, `(${canonical})`, canonical.toUpperCase()];
    await es.client.appendToStream(name, event('A', forms[0]));
    for (const id of forms) {
      // The same id each time: every form is recognized as the event already written.
      const again = await es.client.appendToStream(name, event('A', id), { expectedRevision: 'no_stream' });
      expect(again.nextExpectedRevision).toBe(0n);
    }
    const [read] = await collect(es.client.readStream(name));
    expect(read!.event!.id).toBe(canonical);
  });

  it('answers an expired deadline with a timeout and writes nothing', async () => {
    const name = stream();
    const error = await rejectionOf(es.client.appendToStream(name, event(), { deadline: -1_000 }));
    expect(error).toMatchObject({ type: 'deadline-exceeded' });
    await expect(collect(es.client.readStream(name))).rejects.toMatchObject({ type: 'stream-not-found' });
  });

  it('reads back data, metadata, content type and creation time', async () => {
    const name = stream();
    const before = Date.now();
    await es.client.appendToStream(name, [
      jsonEvent({ type: 'Json', data: { amount: 5 }, metadata: { correlationId: 'c1' } }),
      binaryEvent({ type: 'Bytes', data: new Uint8Array([1, 2, 3]) }),
    ]);
    const [json, bytes] = await collect(es.client.readStream(name));
    expect(json!.event).toMatchObject({
      type: 'Json',
      data: { amount: 5 },
      metadata: { correlationId: 'c1' },
      isJson: true,
    });
    expect(bytes!.event).toMatchObject({ type: 'Bytes', isJson: false });
    expect(Array.from(bytes!.event!.data as Uint8Array)).toEqual([1, 2, 3]);
    expect(json!.event!.created.getTime()).toBeGreaterThanOrEqual(before);
    expect(json!.event!.created.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('keeps concurrent appends to one stream in order without losing any', async () => {
    const name = stream();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => es.client.appendToStream(name, event())),
    );
    expect(new Set(results.map((r) => r.nextExpectedRevision)).size).toBe(50);
    expect(await collect(es.client.readStream(name))).toHaveLength(50);
  });
});
