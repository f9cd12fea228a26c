import { BACKWARDS, END, FORWARDS, jsonEvent, START, StreamNotFoundError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, rejectionOf, startTestEventStore } from './testing/event-store.fixture.js';

const events = (count: number) =>
  Array.from({ length: count }, (_, index) => jsonEvent({ type: `Event${index}`, data: { index } }));

describe('reading', () => {
  let es: TestEventStore;
  const name = `read-${randomUUID()}`;
  beforeAll(async () => {
    es = await startTestEventStore();
    await es.client.appendToStream(name, events(10));
    await es.client.appendToStream(`other-${randomUUID()}`, events(3));
  });
  afterAll(() => es.stop());

  const revisions = async (options: Parameters<TestEventStore['client']['readStream']>[1]) =>
    (await collect(es.client.readStream(name, options))).map((e) => Number(e.event!.revision));

  describe('a stream', () => {
    it('reads forwards from the start, from a revision (inclusive) and with a count', async () => {
      expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await revisions({ fromRevision: 7n })).toEqual([7, 8, 9]);
      expect(await revisions({ fromRevision: START, maxCount: 3 })).toEqual([0, 1, 2]);
      expect(await revisions({ fromRevision: 4n, maxCount: 2, direction: FORWARDS })).toEqual([4, 5]);
      expect(await revisions({ fromRevision: END })).toEqual([]);
      expect(await revisions({ fromRevision: 50n })).toEqual([]);
    });

    it('reads backwards from the end and from a revision (inclusive)', async () => {
      expect(await revisions({ direction: BACKWARDS, fromRevision: END, maxCount: 3 })).toEqual([9, 8, 7]);
      expect(await revisions({ direction: BACKWARDS, fromRevision: 2n })).toEqual([2, 1, 0]);
      expect(await revisions({ direction: BACKWARDS, fromRevision: 50n, maxCount: 1 })).toEqual([9]);
      expect(await revisions({ direction: BACKWARDS, fromRevision: START })).toEqual([0]);
    });

    it('says a missing stream is not found', async () => {
      const missing = `missing-${randomUUID()}`;
      const error = await rejectionOf(collect(es.client.readStream(missing)));
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(error).toMatchObject({ streamName: missing });
    });
  });

  describe('$all', () => {
    it('starts with the system events the server wrote at start', async () => {
      const [first] = await collect(es.client.readAll({ maxCount: 1 }));
      expect(first!.event!.type.startsWith('$')).toBe(true);
      expect(first!.event!.streamId.startsWith('$')).toBe(true);
    });

    it('reads every event forwards, in increasing positions, and backwards in reverse', async () => {
      const forwards = await collect(es.client.readAll());
      const backwards = await collect(es.client.readAll({ direction: BACKWARDS, fromPosition: END }));
      const positions = forwards.map((e) => e.commitPosition!);
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(positions).size).toBe(positions.length);
      expect(backwards.map((e) => e.commitPosition)).toEqual([...positions].reverse());
      expect(forwards.filter((e) => e.event!.streamId === name)).toHaveLength(10);
    });

    it('reads forwards from a position (inclusive) and backwards from it (exclusive)', async () => {
      const all = await collect(es.client.readAll());
      const middle = all[5]!.event!.position!;
      const after = await collect(es.client.readAll({ fromPosition: middle, maxCount: 2 }));
      expect(after.map((e) => e.event!.id)).toEqual([all[5]!.event!.id, all[6]!.event!.id]);
      const before = await collect(
        es.client.readAll({ fromPosition: middle, direction: BACKWARDS, maxCount: 2 }),
      );
      expect(before.map((e) => e.event!.id)).toEqual([all[4]!.event!.id, all[3]!.event!.id]);
    });

    it('reads nothing forwards from the end', async () => {
      expect(await collect(es.client.readAll({ fromPosition: END }))).toEqual([]);
    });
  });
});

describe('reading a long stream and $all on disk, in batches', () => {
  let es: TestEventStore;
  let dataDir: string;
  const name = `long-${randomUUID()}`;
  const count = 1_000;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-eventstore-'));
    es = await startTestEventStore({ memory: false, dataDir });
    for (let i = 0; i < count / 100; i++) {
      await es.client.appendToStream(name, events(100));
      await es.client.appendToStream(`between-${randomUUID()}`, events(1));
    }
  });
  afterAll(async () => {
    await es.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('returns every revision once, in order, both ways', async () => {
    const all = Array.from({ length: count }, (_, i) => i);
    const read = async (options: Parameters<TestEventStore['client']['readStream']>[1]) =>
      (await collect(es.client.readStream(name, options))).map((e) => Number(e.event!.revision));
    expect(await read({})).toEqual(all);
    expect(await read({ direction: BACKWARDS, fromRevision: END })).toEqual([...all].reverse());
    expect(await read({ fromRevision: 333n, maxCount: 500 })).toEqual(all.slice(333, 833));
  });

  it('returns $all in position order both ways', async () => {
    const forwards = await collect(es.client.readAll());
    const positions = forwards.map((e) => e.commitPosition!);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(positions).size).toBe(positions.length);
    expect(forwards.filter((e) => e.event!.streamId === name)).toHaveLength(count);
    const backwards = await collect(es.client.readAll({ direction: BACKWARDS, fromPosition: END }));
    expect(backwards.map((e) => e.commitPosition!)).toEqual([...positions].reverse());
  });
});
