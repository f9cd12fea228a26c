import {
  jsonEvent,
  binaryEvent,
  MaxAppendSizeExceededError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, rejectionOf, startTestEventStore } from './testing/event-store.fixture.js';

// Calls with per-call credentials go through the client-streaming `Append`, not BatchAppend.
const credentials = { username: 'admin', password: 'changeit' };
const event = (type = 'ThingHappened', id?: string) => jsonEvent({ type, data: {}, ...(id ? { id } : {}) });

describe('appending to a stream (Append)', () => {
  let es: TestEventStore;
  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(() => es.stop());

  const stream = () => `unary-${randomUUID()}`;

  it('appends and answers revision and position', async () => {
    const name = stream();
    const result = await es.client.appendToStream(name, [event(), event()], {
      expectedRevision: 'no_stream',
      credentials,
    });
    expect(result.nextExpectedRevision).toBe(1n);
    const read = await collect(es.client.readStream(name));
    expect(read.at(-1)!.event!.position).toEqual(result.position);
  });

  it('answers a wrong expected version with both versions', async () => {
    const name = stream();
    await es.client.appendToStream(name, event(), { credentials });
    const error = await rejectionOf(
      es.client.appendToStream(name, event(), { expectedRevision: 3n, credentials }),
    );
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: name, expectedVersion: 3n, actualVersion: 0n });
  });

  it('is idempotent for a retried append', async () => {
    const name = stream();
    const events = [event('A', randomUUID())];
    const first = await es.client.appendToStream(name, events, {
      expectedRevision: 'no_stream',
      credentials,
    });
    const again = await es.client.appendToStream(name, events, {
      expectedRevision: 'no_stream',
      credentials,
    });
    expect(again).toEqual(first);
  });

  it('refuses an oversized append with maximum-append-size-exceeded', async () => {
    const big = binaryEvent({ type: 'Big', data: new Uint8Array(1024 * 1024 + 10) });
    const error = await rejectionOf(es.client.appendToStream(stream(), big, { credentials }));
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect(error).toMatchObject({ maxAppendSize: 1024 * 1024 });
  });

  it('refuses missing metadata and invalid ids', async () => {
    const missing = await rejectionOf(
      es.client.appendToStream(stream(), jsonEvent({ type: '', data: {} }), { credentials }),
    );
    expect(missing).toMatchObject({
      type: 'missing-required-metadata-property',
      requiredMetadataProperties: ['type', 'content-type'],
    });
    // The real server fails to parse the id and answers UNKNOWN, without a trailer.
    const name = stream();
    const invalid = await rejectionOf(es.client.appendToStream(name, event('A', '1234'), { credentials }));
    expect(invalid).toBeInstanceOf(UnknownError);
    expect(invalid).toMatchObject({ code: 2 });
    await expect(collect(es.client.readStream(name))).rejects.toMatchObject({ type: 'stream-not-found' });
  });

  it('accepts UUIDs without dashes or in braces or parentheses, stored in the canonical form', async () => {
    const name = stream();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const forms = [ids[0]!.replace(/-/g, ''), `{${ids[1]}}`, `(${ids[2]!.toUpperCase()})`];
    await es.client.appendToStream(
      name,
      forms.map((id) => event('A', id)),
      { credentials },
    );
    const read = await collect(es.client.readStream(name));
    expect(read.map((e) => e.event!.id)).toEqual(ids);
  });
});
