import { type ConsumedEvent, InMemoryEventSource, SystemClock } from '@ledger/consumers';
import { type EmbeddedMongoServer, startMongoServer } from '@ledger/embedded-mongodb';
import { eventually } from '@ledger/testing';
import { type Db, MongoClient } from 'mongodb';
import { MongoProjector } from '../projection/mongo-projector.js';
import { ReadModelVersions } from '../read-models/read-model-versions.js';
import { accountsProjection, deposited, opened, type TestEvent } from '../testing/ledger-like.projections.js';
import { ReadModelRebuild } from './read-model-rebuild.js';

describe('a blue-green read-model rebuild', () => {
  let server: EmbeddedMongoServer;
  let client: MongoClient;
  let db: Db;
  let dbCount = 0;
  let source: InMemoryEventSource<TestEvent>;

  beforeAll(async () => {
    server = await startMongoServer({ memory: true, port: 0 });
    client = await new MongoClient(server.uri).connect();
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });
  beforeEach(async () => {
    db = client.db(`rebuild-${++dbCount}`);
    source = new InMemoryEventSource<TestEvent>();
    const events = [
      ...source.append('account-a', opened('a'), deposited('a', 100), deposited('a', 50)),
      ...source.append('account-b', opened('b', 'bob'), deposited('b', 7)),
    ] as ConsumedEvent<TestEvent>[];
    // The live read model, as the running consumer left it.
    await new MongoProjector(db, [accountsProjection]).handle(events, { consumer: 'test', mode: 'live' });
  });

  const rebuild = (graceMs = 0) =>
    new ReadModelRebuild<TestEvent>(
      { db, source, clock: new SystemClock() },
      {
        id: 'r1',
        projection: accountsProjection,
        filter: { by: 'stream', prefixes: ['account-'] },
        graceMs,
        pollMs: 10,
      },
    );
  const documents = (collection: string) =>
    db
      .collection(collection)
      .find({}, { sort: { _id: 1 } })
      .toArray();
  const collections = async () =>
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();

  it('fills a new versioned collection equal to the old one, switches the alias, then drops the old one', async () => {
    const before = await documents('test-accounts_v1');
    const run = rebuild();
    await run.finished;
    expect(run.progress()).toMatchObject({
      state: 'done',
      collection: 'test-accounts_v2',
      previousCollection: 'test-accounts_v1',
      progress: 1,
      handled: 5,
    });
    expect(await new ReadModelVersions(db).current('test-accounts')).toBe('test-accounts_v2');
    expect(await documents('test-accounts_v2')).toEqual(before);
    await run.retired;
    expect(await collections()).not.toContain('test-accounts_v1');
    expect(await db.collection('checkpoints').countDocuments({ _id: /@rebuild-/ as never })).toBe(0);
  });

  it('cancelled before the switch drops its half-built collection and leaves the alias alone', async () => {
    const run = rebuild();
    expect(run.cancel()).toBe(true);
    await run.finished;
    expect(run.progress().state).toBe('cancelled');
    expect(await new ReadModelVersions(db).current('test-accounts')).toBe('test-accounts_v1');
    expect(await collections()).not.toContain('test-accounts_v2');
    expect(await documents('test-accounts_v1')).toHaveLength(2);
  });

  it('fails, dropping the new collection, when an event would be parked (the collection would lack it)', async () => {
    source.append('account-c', { type: 'Renamed', data: {} });
    const run = rebuild();
    await run.finished;
    expect(run.progress()).toMatchObject({ state: 'failed', error: expect.stringContaining('parked') });
    expect(await new ReadModelVersions(db).current('test-accounts')).toBe('test-accounts_v1');
    expect(await collections()).not.toContain('test-accounts_v2');
    expect(await db.collection('parked_events').countDocuments({})).toBe(0);
  });

  it('loses no event written while it switches: the live projector follows the alias at its next batch', async () => {
    const live = new MongoProjector(db, [accountsProjection]);
    const run = rebuild(60_000);
    await eventually(() => (run.progress().state !== 'running' ? true : undefined), 'the switch');
    const later = source.append('account-a', deposited('a', 1_000)) as ConsumedEvent<TestEvent>[];
    await live.handle(later, { consumer: 'test', mode: 'live' });
    await run.finished;
    const [a] = await documents('test-accounts_v2');
    expect(a).toMatchObject({ _id: 'a', balance: 1_150, deposits: 3 });
    // After the rebuild, the live projector writes the new collection.
    await live.handle(source.append('account-a', deposited('a', 1)) as ConsumedEvent<TestEvent>[], {
      consumer: 'test',
      mode: 'live',
    });
    expect((await documents('test-accounts_v2'))[0]).toMatchObject({ balance: 1_151, deposits: 4 });
    await run.close();
  });
});
