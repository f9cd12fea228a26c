import { type ConsumedEvent, InMemoryEventSource } from '@ledger/consumers';
import { testDatabaseName, testMongo, type TestServer } from '@ledger/testing';
import { type Db, Long, MongoClient } from 'mongodb';
import { ReadModelVersions } from '../read-models/read-model-versions.js';
import {
  accountsProjection,
  dailyTotalsProjection,
  deposited,
  opened,
  type TestEvent,
} from '../testing/ledger-like.projections.js';
import { projectInMemory } from './in-memory-projection.js';
import { MongoProjection } from './mongo-projection.js';
import { MongoProjector, ProjectionWriteError } from './mongo-projector.js';

describe('a Mongo projector', () => {
  let server: TestServer;
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    server = await testMongo();
    client = await new MongoClient(server.url).connect();
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });
  beforeEach(() => {
    db = client.db(testDatabaseName('projector'));
  });

  const live = { consumer: 'test', mode: 'live' } as const;
  const retry = { consumer: 'test', mode: 'retry' } as const;
  const docs = async (collection: string) =>
    db
      .collection(collection)
      .find({}, { sort: { _id: 1 } })
      .toArray();
  const withoutEngineFields = (list: Array<Record<string, unknown>>) =>
    list.map(({ position: _p, _retried: _r, ...rest }) => rest);

  function history() {
    const source = new InMemoryEventSource();
    return [
      ...source.append('account-a', opened('a'), deposited('a', 100), deposited('a', 50, '2026-12-07')),
      ...source.append('account-b', opened('b', 'bob'), deposited('b', 7)),
      ...source.append(
        'account-a',
        { type: 'Tagged', data: { account: 'a', tag: 'vip' } },
        deposited('a', 1),
      ),
    ] as ConsumedEvent<TestEvent>[];
  }

  describe('given events', () => {
    it('writes the documents, each stamped with the position (an Int64) of the event that last changed it', async () => {
      const events = history();
      const projector = new MongoProjector(db, [accountsProjection, dailyTotalsProjection]);
      await projector.handle(events, live);
      expect(withoutEngineFields(await docs('test-accounts_v1'))).toEqual([
        { _id: 'a', owner: 'ann', balance: 151, deposits: 3, tags: ['vip'] },
        { _id: 'b', owner: 'bob', balance: 7, deposits: 1, tags: [] },
      ]);
      expect(withoutEngineFields(await docs('test-daily-totals_v1'))).toEqual([
        { _id: '2026-12-06', total: 108, count: 3 },
        { _id: '2026-12-07', total: 50, count: 1 },
      ]);
      const raw = await db
        .collection('test-accounts_v1')
        .findOne({ _id: 'a' as never }, { promoteLongs: false });
      expect(raw!.position).toBeInstanceOf(Long);
      expect((raw!.position as Long).toBigInt()).toBe(events.at(-1)!.position);
    });

    it('changes nothing when the same events come again, in any batches', async () => {
      const events = history();
      const projector = new MongoProjector(db, [accountsProjection, dailyTotalsProjection]);
      await projector.handle(events.slice(0, 2), live);
      await projector.handle(events.slice(0, 4), live); // a crash before the checkpoint: replayed, longer batch
      await projector.handle(events.slice(2), live);
      const once = [await docs('test-accounts_v1'), await docs('test-daily-totals_v1')];
      for (const event of events) await projector.handle([event], live);
      await projector.handle(events, live);
      expect([await docs('test-accounts_v1'), await docs('test-daily-totals_v1')]).toEqual(once);
      expect(withoutEngineFields(once[0]!)[0]).toMatchObject({ balance: 151, deposits: 3 });
    });
  });

  it('writes what projectInMemory computes, so read-model unit tests hold on the server', async () => {
    const events = history();
    await new MongoProjector(db, [accountsProjection, dailyTotalsProjection]).handle(events, live);
    for (const projection of [accountsProjection, dailyTotalsProjection] as Array<
      MongoProjection<TestEvent>
    >) {
      const expected = [...projectInMemory(projection, events).values()].sort((a, b) =>
        a._id < b._id ? -1 : 1,
      );
      expect(withoutEngineFields(await docs(`${projection.readModel}_v1`))).toEqual(
        withoutEngineFields(expected),
      );
    }
  });

  describe('given a document fed by many streams and an event applied late (released from parking)', () => {
    it('counts the late event exactly once, however often its retry runs', async () => {
      const source = new InMemoryEventSource();
      const [late] = source.append('account-a', deposited('a', 5)) as ConsumedEvent<TestEvent>[];
      const others = source.append(
        'account-b',
        deposited('b', 10),
        deposited('b', 20),
      ) as ConsumedEvent<TestEvent>[];
      const projector = new MongoProjector(db, [dailyTotalsProjection]);
      await projector.handle(others, live); // the day has moved past the late event's position
      await projector.handle([late!], retry);
      await projector.handle([late!], retry); // a crash before the parked entry was removed
      await projector.handle([...others], live);
      const [day] = await docs('test-daily-totals_v1');
      expect(day).toMatchObject({ total: 35, count: 3, _retried: [late!.id] });
      expect(day!.position).toBe(Number(others.at(-1)!.position));
    });
  });

  describe('given an update the database refuses', () => {
    it('fails the batch with the document and the reason (not as an outage)', async () => {
      const source = new InMemoryEventSource();
      const events = source.append('account-a', deposited('a', 5)) as ConsumedEvent<TestEvent>[];
      await db
        .collection('test-daily-totals_v1')
        .insertOne({ _id: '2026-12-06' as never, total: 'many', position: Long.fromNumber(0) });
      const projector = new MongoProjector(db, [dailyTotalsProjection]);
      const error = await projector.handle(events, live).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProjectionWriteError);
      expect((error as ProjectionWriteError).errors[0]!.documentId).toBe('2026-12-06');
      expect(projector.isTransient(error)).toBe(false);
    });
  });

  describe('read-model versions', () => {
    it('writes through the alias, or into a named collection for a rebuild, which a switch then serves', async () => {
      const versions = new ReadModelVersions(db);
      const events = history();
      await new MongoProjector(db, [accountsProjection], { versions }).handle(events, live);
      expect(await versions.current('test-accounts')).toBe('test-accounts_v1');
      await new MongoProjector(db, [accountsProjection], {
        collections: { 'test-accounts': 'test-accounts_v2' },
      }).handle(events.slice(0, 3), live);
      expect(await versions.current('test-accounts')).toBe('test-accounts_v1');
      await versions.switchTo('test-accounts', 'test-accounts_v2');
      const served = await (await versions.collection('test-accounts')).find().toArray();
      expect(served.map((d) => d.balance)).toEqual([150]);
    });
  });

  it('creates the indexes a projection declares before its first write', async () => {
    const indexed = new MongoProjection<TestEvent>('indexed')
      .on(
        'Opened',
        (e) => e.data.account,
        (e, doc) => doc.set('owner', e.data.owner),
      )
      .index({ owner: 1 }, { name: 'by_owner' });
    await new MongoProjector(db, [indexed]).handle(history().slice(0, 1), live);
    const names = (await db.collection('indexed_v1').listIndexes().toArray()).map((i) => i.name);
    expect(names).toContain('by_owner');
  });

  it('refuses two intents for one type in one projection', () => {
    expect(() =>
      new MongoProjection<TestEvent>('x')
        .on(
          'Opened',
          () => 'a',
          () => undefined,
        )
        .on(
          'Opened',
          () => 'b',
          () => undefined,
        ),
    ).toThrow('already has an intent');
  });
});
