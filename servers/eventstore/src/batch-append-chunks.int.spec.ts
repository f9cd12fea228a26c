import type { AppendToStreamOptions } from '@eventstore/db-client';
import { jsonEvent, MaxAppendSizeExceededError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, rejectionOf, startTestEventStore } from './testing/event-store.fixture.js';

// The client splits an append into BatchAppend chunks of at most `batchAppendSize` bytes.
const SMALL_CHUNKS: AppendToStreamOptions = { batchAppendSize: 64 * 1024 };
const payload = 'x'.repeat(2_000);
const events = (count: number, tag: string) =>
  Array.from({ length: count }, (_, index) => jsonEvent({ type: 'Chunked', data: { tag, index, payload } }));

describe('appends that arrive in several chunks', () => {
  let es: TestEventStore;
  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(() => es.stop());
  const stream = () => `chunks-${randomUUID()}`;
  const indexes = async (name: string) =>
    (await collect(es.client.readStream(name))).map((e) => (e.event!.data as { index: number }).index);

  it('stores every event of a chunked append, in order, as one append', async () => {
    const name = stream();
    const result = await es.client.appendToStream(name, events(300, 'one'), SMALL_CHUNKS);
    expect(result.nextExpectedRevision).toBe(299n);
    expect(await indexes(name)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('keeps chunked appends from one client to different streams apart', async () => {
    const [a, b] = [stream(), stream()];
    await Promise.all([
      es.client.appendToStream(a, events(200, 'a'), SMALL_CHUNKS),
      es.client.appendToStream(b, events(150, 'b'), SMALL_CHUNKS),
    ]);
    const read = async (name: string) =>
      (await collect(es.client.readStream(name))).map((e) => (e.event!.data as { tag: string }).tag);
    expect(await read(a)).toEqual(Array(200).fill('a'));
    expect(await read(b)).toEqual(Array(150).fill('b'));
  });

  it.each([
    ['BatchAppend, many chunks', SMALL_CHUNKS],
    ['Append', { credentials: { username: 'admin', password: 'changeit' } }],
  ])(
    'refuses %s of small events adding up to more than 1 MiB, writing none of them',
    async (_path, options: AppendToStreamOptions) => {
      const name = stream();
      const error = await rejectionOf(es.client.appendToStream(name, events(600, 'big'), options));
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      await expect(collect(es.client.readStream(name))).rejects.toMatchObject({ type: 'stream-not-found' });
      const after = await es.client.appendToStream(name, events(1, 'after'), options);
      expect(after.nextExpectedRevision).toBe(0n);
    },
  );
});
