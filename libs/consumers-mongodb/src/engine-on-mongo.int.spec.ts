import {
  ConsumerHost,
  type ConsumerDefinition,
  ConsumerRunner,
  FakeClock,
  InMemoryEventSource,
  ParkedEvents,
  SystemClock,
} from '@ledger/consumers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMongoServer } from '@embedded-servers/mongodb';
import { freePort } from '@embedded-servers/storage';
import { eventually, testDatabaseName, testMongo, type TestServer } from '@ledger/testing';
import { type Db, Long, MongoClient } from 'mongodb';
import { MongoProjection } from './projection/mongo-projection.js';
import { MongoProjector } from './projection/mongo-projector.js';
import { MongoCheckpointStore } from './stores/mongo-checkpoint.store.js';
import { MongoLeaseStore } from './stores/mongo-lease.store.js';
import { MongoParkedEventStore } from './stores/mongo-parked-event.store.js';
import { type DayDoc, deposited, type TestEvent } from './testing/ledger-like.projections.js';

describe('the consumer engine on MongoDB', () => {
  let server: TestServer;
  let client: MongoClient;
  let db: Db;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    server = await testMongo();
    client = await new MongoClient(server.url).connect();
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });
  beforeEach(() => {
    db = client.db(testDatabaseName('engine'));
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  describe('given a handler failing on one event of a day fed by many streams', () => {
    it('parks it and its stream, goes on with the others, and a retry counts it in the day exactly once', async () => {
      const poisoned = new Set<string>();
      const dayTotals = new MongoProjection<TestEvent, DayDoc>('days').on(
        'Deposited',
        (e) => e.data.day,
        (e, doc, meta) => {
          if (poisoned.has(meta.id)) throw new Error(`cannot project ${meta.id}`);
          doc.inc('total', e.data.amount).inc('count', 1);
        },
      );
      const source = new InMemoryEventSource();
      const parked = new MongoParkedEventStore(db);
      const checkpoints = new MongoCheckpointStore(db);
      const consumer: ConsumerDefinition = {
        name: 'days',
        filter: { by: 'stream', prefixes: ['account-'] },
        handler: new MongoProjector(db, [dayTotals]),
      };
      const runner = new ConsumerRunner(
        consumer,
        { source, checkpoints, parked, clock: new FakeClock() },
        { maxAttempts: 1, idlePollMs: 20 },
      ).start();
      cleanups.push(() => runner.stop());
      const day = () => db.collection<DayDoc>('days_v1').findOne({ _id: '2026-12-06' });

      const [poison] = source.append('account-a', deposited('a', 1));
      poisoned.add(poison!.id);
      source.append('account-a', deposited('a', 2));
      source.append('account-b', deposited('b', 10));
      source.append('account-c', deposited('c', 100));
      await eventually(
        async () => (await checkpoints.load('days')) === source.lastPosition,
        'the checkpoint to reach the last event',
      );
      expect(await day()).toMatchObject({ total: 110, count: 2 });

      source.append('account-b', deposited('b', 20)); // other streams move the day on
      source.append('account-a', deposited('a', 4)); // and the parked stream waits
      await eventually(
        async () => (await checkpoints.load('days')) === source.lastPosition,
        'the checkpoint to reach the last event',
      );
      expect(await day()).toMatchObject({ total: 130, count: 3 });

      const stored = await db
        .collection('parked_events')
        .find({}, { promoteLongs: false, sort: { position: 1 } })
        .toArray();
      expect(stored.map((p) => [p.stream, p.type, p.reason, p.attempts])).toEqual([
        ['account-a', 'Deposited', 'handler-failed', 1],
        ['account-a', 'Deposited', 'behind-parked', 0],
        ['account-a', 'Deposited', 'behind-parked', 0],
      ]);
      expect(stored[0]).toMatchObject({
        consumer: 'days',
        eventId: poison!.id,
        error: `cannot project ${poison!.id}`,
      });
      expect(stored[0]!.position).toBeInstanceOf(Long);
      expect(stored[0]!.parkedAt).toBeInstanceOf(Date);
      const checkpoint = await db
        .collection('checkpoints')
        .findOne({ _id: 'days' as never }, { promoteLongs: false });
      expect(checkpoint!.position).toBeInstanceOf(Long);

      poisoned.clear();
      const service = new ParkedEvents(parked, () => runner.nudge());
      expect(await service.retry('days', 'account-a')).toBe(true);
      await eventually(async () => (await parked.count('days')) === 0, 'the parked events to be retried');
      expect(await day()).toMatchObject({ total: 137, count: 6 });

      source.append('account-a', deposited('a', 1_000)); // the stream is free again
      await eventually(async () => (await day())?.count === 7, 'the seventh deposit to be projected');
      expect(await day()).toMatchObject({ total: 1_137 });
    });

    it('skip drops the failing event and releases the ones behind it, in order', async () => {
      const seen: number[] = [];
      const ledger = new MongoProjection<TestEvent, { _id: string; amounts: number[] }>('ledger').on(
        'Deposited',
        (e) => e.data.account,
        (e, doc) => {
          if (e.data.amount < 0) throw new Error('negative amount');
          seen.push(e.data.amount);
          doc.push('amounts', e.data.amount);
        },
      );
      const source = new InMemoryEventSource();
      const parked = new MongoParkedEventStore(db);
      const runner = new ConsumerRunner(
        {
          name: 'ledger',
          filter: { by: 'stream', prefixes: ['account-'] },
          handler: new MongoProjector(db, [ledger]),
        },
        { source, checkpoints: new MongoCheckpointStore(db), parked, clock: new FakeClock() },
        { maxAttempts: 1, idlePollMs: 20 },
      ).start();
      cleanups.push(() => runner.stop());
      source.append('account-a', deposited('a', 1), deposited('a', -1), deposited('a', 2), deposited('a', 3));
      source.append('account-b', deposited('b', 9));
      await eventually(async () => (await parked.count('ledger')) === 3, 'three events parked');
      await eventually(
        async () => (await db.collection('ledger_v1').countDocuments()) === 2,
        'the other streams to be projected',
      );
      await new ParkedEvents(parked, () => runner.nudge()).skip('ledger', 'account-a');
      await eventually(async () => (await parked.count('ledger')) === 0, 'the parked events to be skipped');
      expect((await db.collection('ledger_v1').findOne({ _id: 'a' as never }))!.amounts).toEqual([1, 2, 3]);
    });
  });

  describe('given an event that reached one of its documents before another refused it', () => {
    it('on retry applies it only where it is missing', async () => {
      const both = new MongoProjection<TestEvent, { _id: string; total: number; count: number }>(
        'both',
      ).onMany('Deposited', (e, doc) => {
        doc(`account-${e.data.account}`).inc('count', 1);
        doc(e.data.day).inc('total', e.data.amount).inc('count', 1);
      });
      const collection = db.collection<{ _id: string; total: unknown; count?: number; position: Long }>(
        'both_v1',
      );
      await collection.insertOne({ _id: '2026-12-06', total: 'corrupt', position: Long.fromNumber(0) });
      const source = new InMemoryEventSource();
      const parked = new MongoParkedEventStore(db);
      const runner = new ConsumerRunner(
        {
          name: 'both',
          filter: { by: 'stream', prefixes: ['account-'] },
          handler: new MongoProjector(db, [both]),
        },
        { source, checkpoints: new MongoCheckpointStore(db), parked, clock: new FakeClock() },
        { maxAttempts: 1, idlePollMs: 20 },
      ).start();
      cleanups.push(() => runner.stop());
      source.append('account-a', deposited('a', 5, '2026-12-06'), deposited('a', 7, '2026-12-07'));
      await eventually(async () => (await parked.count('both')) === 2, 'two events parked');
      // The batch's write reached the account (both events, folded) and the 7th before the 6th refused.
      expect(await collection.findOne({ _id: 'account-a' })).toMatchObject({ count: 2 });
      expect(await collection.findOne({ _id: '2026-12-07' })).toMatchObject({ total: 7, count: 1 });

      await collection.updateOne({ _id: '2026-12-06' }, { $set: { total: 0, count: 0 } }); // the operator repairs it
      await new ParkedEvents(parked, () => runner.nudge()).retry('both', 'account-a');
      await eventually(async () => (await parked.count('both')) === 0, 'the parked events to be retried');
      expect(await collection.findOne({ _id: 'account-a' })).toMatchObject({ count: 2 });
      expect(await collection.findOne({ _id: '2026-12-06' })).toMatchObject({ total: 5, count: 1 });
      expect(await collection.findOne({ _id: '2026-12-07' })).toMatchObject({ total: 7, count: 1 });
    });
  });

  describe('given MongoDB going away for a while', () => {
    it('waits the outage out with backoff, parks nothing, and applies every event once it is back', async () => {
      // A server of its own, whatever TEST_MONGODB_URL says: the test stops it under the runner.
      const dataDir = await mkdtemp(join(tmpdir(), 'consumers-mongo-'));
      // It restarts on the same port: one the OS does not hand out to connections meanwhile.
      let own = await startMongoServer({ dataDir, port: await freePort() });
      const ownClient = await new MongoClient(own.uri, { serverSelectionTimeoutMS: 300 }).connect();
      const ownDb = ownClient.db('outage');
      cleanups.push(async () => {
        await ownClient.close();
        await own.stop();
        await rm(dataDir, { recursive: true, force: true });
      });
      const days = new MongoProjection<TestEvent, DayDoc>('days').on(
        'Deposited',
        (e) => e.data.day,
        (e, doc) => doc.inc('total', e.data.amount).inc('count', 1),
      );
      const source = new InMemoryEventSource();
      const parked = new MongoParkedEventStore(ownDb);
      const runner = new ConsumerRunner(
        {
          name: 'days',
          filter: { by: 'stream', prefixes: ['account-'] },
          handler: new MongoProjector(ownDb, [days]),
        },
        { source, checkpoints: new MongoCheckpointStore(ownDb), parked, clock: new SystemClock() },
        { maxAttempts: 1, idlePollMs: 20, backoff: { initialMs: 20, maxMs: 200 } },
      ).start();
      cleanups.unshift(() => runner.stop());
      const day = () => ownDb.collection<DayDoc>('days_v1').findOne({ _id: '2026-12-06' });
      source.append('account-a', deposited('a', 1));
      await eventually(
        async () => (await day())?.count === 1 && runner.snapshot().position === source.lastPosition,
        'the first deposit to be projected',
      );

      await own.stop();
      source.append('account-a', deposited('a', 2));
      source.append('account-b', deposited('b', 3));
      await eventually(() => runner.snapshot().lastError !== undefined, 'the runner to meet the outage');
      own = await startMongoServer({ dataDir, port: own.port });
      await eventually(
        async () => (await day().catch(() => null))?.count === 3,
        'the deposits made during the outage to be projected',
        20_000,
      );
      expect(await day()).toMatchObject({ total: 6 });
      expect(await parked.count('days')).toBe(0);
    }, 30_000);
  });

  describe('given two hosts sharing leases in MongoDB', () => {
    it('spreads the consumers between them, and the survivor takes those of a host that hangs within the lease time', async () => {
      const clock = new FakeClock();
      const source = new InMemoryEventSource(() => clock.now());
      const consumers: ConsumerDefinition[] = ['c0', 'c1', 'c2', 'c3'].map((name) => ({
        name,
        filter: { by: 'stream', prefixes: ['account-'] },
        handler: { handles: new Set(['Deposited']), handle: async () => undefined },
      }));
      const deps = {
        source,
        clock,
        checkpoints: new MongoCheckpointStore(db),
        parked: new MongoParkedEventStore(db),
        leases: new MongoLeaseStore(db),
      };
      const options = { leaseTtlMs: 15_000, renewEveryMs: 5_000, runner: { idlePollMs: 20 } };
      const a = new ConsumerHost(consumers, deps, { ...options, instanceId: 'a' });
      const b = new ConsumerHost(consumers, deps, { ...options, instanceId: 'b' });
      cleanups.push(() => Promise.all([a.stop(), b.stop()]));
      await a.tick();
      await b.tick();
      await clock.advance(5_000);
      await a.tick();
      await b.tick();
      expect([a.owned().length, b.owned().length]).toEqual([2, 2]);
      const leases = await db.collection('consumer_leases').find().toArray();
      expect(leases.map((l) => l.owner).sort()).toEqual(['a', 'a', 'b', 'b']);

      const hungAt = clock.now(); // a hangs: it neither renews nor heartbeats
      while (b.owned().length < 4) {
        expect(clock.now() - hungAt).toBeLessThanOrEqual(15_000 + 5_000);
        await clock.advance(5_000);
        await b.tick();
      }
      expect((await db.collection('consumer_leases').find().toArray()).every((l) => l.owner === 'b')).toBe(
        true,
      );
      const status = await b.status();
      expect(status.map((s) => [s.consumer, s.owner, s.state])).toEqual([
        ['c0', 'b', 'running'],
        ['c1', 'b', 'running'],
        ['c2', 'b', 'running'],
        ['c3', 'b', 'running'],
      ]);
    });

    it('running on real time: they share the consumers, and when one stops the other has them all at once', async () => {
      const consumers: ConsumerDefinition[] = ['c0', 'c1', 'c2', 'c3'].map((name) => ({
        name,
        filter: { by: 'stream', prefixes: ['account-'] },
        handler: { handles: new Set(['Deposited']), handle: async () => undefined },
      }));
      const deps = {
        source: new InMemoryEventSource(),
        clock: new SystemClock(),
        checkpoints: new MongoCheckpointStore(db),
        parked: new MongoParkedEventStore(db),
        leases: new MongoLeaseStore(db),
      };
      // A TTL far past the wait below: the survivor can only have them all because they were handed back.
      const options = { leaseTtlMs: 30_000, renewEveryMs: 100, runner: { idlePollMs: 20 } };
      const a = new ConsumerHost(consumers, deps, { ...options, instanceId: 'a' }).start();
      const b = new ConsumerHost(consumers, deps, { ...options, instanceId: 'b' }).start();
      cleanups.push(() => Promise.all([a.stop(), b.stop()]));
      await eventually(
        () => a.owned().length === 2 && b.owned().length === 2,
        'the consumers to be shared two and two',
      );
      await a.stop();
      // Handed back, not waited out: within 10 s with a TTL of 30 s.
      await eventually(() => b.owned().length === 4, 'the survivor to hold all four', 10_000);
      expect((await b.health()).ready).toBe(true);
    }, 30_000);
  });
});
