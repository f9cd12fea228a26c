import { jsonEvent, StreamDeletedError, StreamNotFoundError } from '@eventstore/db-client';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, rejectionOf, startTestEventStore } from './testing/event-store.fixture.js';

const event = (type: string) => jsonEvent({ type, data: { type } });

describe('an event store on disk, restarted', () => {
  let dataDir: string;
  let es: TestEventStore | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-eventstore-'));
  });
  afterAll(async () => {
    await es?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps streams, revisions, positions, metadata, deletes and tombstones', async () => {
    es = await startTestEventStore({ memory: false, dataDir });
    const written = await es.client.appendToStream('kept', [event('A'), event('B')]);
    await es.client.setStreamMetadata('kept', { maxCount: 1 });
    await es.client.appendToStream('soft', event('S'));
    await es.client.deleteStream('soft');
    await es.client.appendToStream('hard', event('H'));
    await es.client.tombstoneStream('hard');
    const allBefore = await collect(es.client.readAll());
    await es.stop();

    es = await startTestEventStore({ memory: false, dataDir });
    const allAfter = await collect(es.client.readAll());
    expect(allAfter.map((e) => e.commitPosition)).toEqual(allBefore.map((e) => e.commitPosition));
    expect(allAfter.filter((e) => e.event!.type === '$settings')).toHaveLength(1);
    const kept = await collect(es.client.readStream('kept'));
    expect(kept.map((e) => [e.event!.type, e.event!.revision])).toEqual([['B', 1n]]);
    expect(kept[0]!.event!.position).toEqual(written.position);
    await expect(collect(es.client.readStream('soft'))).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(await rejectionOf(collect(es.client.readStream('hard')))).toBeInstanceOf(StreamDeletedError);
    const next = await es.client.appendToStream('kept', event('C'), { expectedRevision: 1n });
    expect(next.nextExpectedRevision).toBe(2n);
    expect(next.position!.commit).toBeGreaterThan(allBefore.at(-1)!.commitPosition!);
  });
});

describe('an event store on disk after a crash that left its LOCK behind', () => {
  it('starts when the lock names its own pid, as pid 1 does on every container start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'embedded-eventstore-'));
    let es: TestEventStore | undefined;
    try {
      es = await startTestEventStore({ memory: false, dataDir });
      await es.client.appendToStream('before-crash', event('A'));
      await es.stop();
      es = undefined;
      await writeFile(join(dataDir, 'LOCK'), `${process.pid}\n`);
      es = await startTestEventStore({ memory: false, dataDir });
      expect(await collect(es.client.readStream('before-crash'))).toHaveLength(1);
    } finally {
      await es?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
