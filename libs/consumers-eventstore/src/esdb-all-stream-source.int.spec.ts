import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import {
  type ConsumerDefinition,
  ConsumerRunner,
  type Message,
  ParkedEvents,
  type SourceItem,
  SystemClock,
} from '@ledger/consumers';
import {
  MongoCheckpointStore,
  MongoParkedEventStore,
  MongoProjection,
  MongoProjector,
} from '@ledger/consumers-mongodb';
import type { LedgerEvent } from '@ledger/domain';
import { type EmbeddedEventStore, startEventStore } from '@embedded-servers/eventstore';
import { freePort } from '@embedded-servers/storage';
import { eventually, testDatabaseName, testMongo, type TestServer } from '@ledger/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { EsdbAllStreamSource } from './esdb-all-stream-source.js';

const ledgerEvent = (type: string, data: Record<string, unknown>, schemaVersion = 1) =>
  jsonEvent({ type, data, metadata: { schemaVersion, correlationId: randomUUID(), actor: 'test' } });

type Summary = { _id: string; ownerId: string; overdraftLimit: number; balance: number };
const summaries = new MongoProjection<LedgerEvent, Summary>('summaries')
  .on(
    'AccountOpened',
    (e) => e.data.accountId,
    (e, doc) =>
      doc
        .setOnInsert('ownerId', e.data.ownerId)
        .set('overdraftLimit', e.data.overdraftLimit)
        .set('balance', 0),
  )
  .on(
    'MoneyDeposited',
    (e) => e.data.accountId,
    (e, doc) => doc.inc('balance', e.data.amount),
  )
  .on(
    'MoneyWithdrawn',
    (e) => e.data.accountId,
    (e, doc) => doc.inc('balance', -e.data.amount),
  );

describe('the consumer engine on the $all stream of EventStoreDB', () => {
  let dataDir: string;
  let eventStore: EmbeddedEventStore;
  let esdb: EventStoreDBClient;
  let mongoServer: TestServer;
  let mongo: MongoClient;
  let db: Db;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    // An event store of its own, whatever TEST_EVENTSTORE_URL says: a test stops and restarts it.
    dataDir = await mkdtemp(join(tmpdir(), 'consumers-esdb-'));
    // It restarts on the same port: one the OS does not hand out to connections meanwhile.
    eventStore = await startEventStore({ dataDir, port: await freePort() });
    esdb = EventStoreDBClient.connectionString(eventStore.connectionString);
    mongoServer = await testMongo();
    mongo = await new MongoClient(mongoServer.url).connect();
  });
  afterAll(async () => {
    await esdb.dispose();
    await eventStore.stop();
    await mongo.close();
    await mongoServer.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    db = mongo.db(testDatabaseName('esdb'));
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  function startRunner(
    definition: Partial<ConsumerDefinition<LedgerEvent>> & { name: string },
    source = new EsdbAllStreamSource<LedgerEvent>(esdb),
  ) {
    const checkpoints = new MongoCheckpointStore(db);
    const parked = new MongoParkedEventStore(db);
    const runner = new ConsumerRunner<LedgerEvent>(
      {
        filter: { by: 'stream', prefixes: [`account-${tag}`] },
        handler: new MongoProjector(db, [summaries]),
        ...definition,
      },
      { source, checkpoints, parked, clock: new SystemClock() },
      { idlePollMs: 50, maxAttempts: 1, backoff: { initialMs: 50, maxMs: 500 } },
    ).start();
    cleanups.push(() => runner.stop());
    return { runner, checkpoints, parked, source };
  }

  let tag = '';
  beforeEach(() => {
    tag = randomUUID().slice(0, 8);
  });
  const account = (n: number) => `${tag}-${n}`;
  const open = (id: string, schemaVersion = 2) =>
    esdb.appendToStream(
      `account-${id}`,
      ledgerEvent(
        'AccountOpened',
        {
          accountId: id,
          ownerId: `owner-${id}`,
          currency: 'EUR',
          openedAt: '2026-12-06T10:00:00Z',
          ...(schemaVersion === 2 ? { overdraftLimit: 500 } : {}),
        },
        schemaVersion,
      ),
    );
  const deposit = (id: string, amount: number) =>
    esdb.appendToStream(
      `account-${id}`,
      ledgerEvent('MoneyDeposited', {
        accountId: id,
        amount,
        currency: 'EUR',
        depositedAt: '2026-12-06T10:01:00Z',
      }),
    );
  const summaryDocs = () =>
    db
      .collection<Summary>('summaries_v1')
      .find({}, { sort: { _id: 1 } })
      .toArray();

  it('projects the events of its streams, upcast, into documents; a replay from the start changes nothing', async () => {
    await open(account(1), 1); // stored as v1: no overdraft limit, upcast to 0
    await open(account(2));
    await deposit(account(1), 100);
    await deposit(account(2), 30);
    const last = await deposit(account(1), 5);
    const { runner, checkpoints } = startRunner({ name: 'summaries' });
    await eventually(
      async () => ((await checkpoints.load('summaries')) ?? 0n) >= last.position!.commit,
      'the checkpoint to pass the last event',
    );
    const projected = await summaryDocs();
    expect(projected.map(({ position: _p, ...doc }: Record<string, unknown>) => doc)).toEqual([
      { _id: account(1), ownerId: `owner-${account(1)}`, overdraftLimit: 0, balance: 105 },
      { _id: account(2), ownerId: `owner-${account(2)}`, overdraftLimit: 500, balance: 30 },
    ]);
    expect(runner.snapshot().handled).toBe(5);

    await runner.stop();
    await checkpoints.reset('summaries');
    const again = startRunner({ name: 'summaries' });
    await eventually(
      async () => ((await again.checkpoints.load('summaries')) ?? 0n) >= last.position!.commit,
      'the second runner to pass the last event',
    );
    expect(again.runner.snapshot().handled).toBe(5);
    expect(await summaryDocs()).toEqual(projected);
  });

  it('moves its position past the events its filter leaves out, up to the head of $all', async () => {
    const first = await open(account(1));
    const source = new EsdbAllStreamSource<LedgerEvent>(esdb, { maxSearchWindow: 1 });
    const { runner } = startRunner({ name: 'filtered' }, source);
    await eventually(
      () => (runner.snapshot().position ?? 0n) >= first.position!.commit,
      'the runner to pass the first event',
    );
    for (let i = 0; i < 5; i++)
      await esdb.appendToStream(
        `transfer-${tag}`,
        ledgerEvent('TransferRequested', { transferId: tag, amount: i }),
      );
    const head = (await source.head())!;
    await eventually(() => runner.snapshot().position === head.position, 'the runner to reach the head');
    expect(runner.snapshot().handled).toBe(1);
    expect(await source.countAfter(runner.snapshot().position, 100)).toBe(0);
    expect(await source.countAfter(first.position!.commit, 100)).toBeGreaterThanOrEqual(5);
    expect((await source.firstAfter(first.position!.commit))!.position).toBeGreaterThan(
      first.position!.commit,
    );
  });

  it('when idle, moves to the head past a live event its filter leaves out, before any filter checkpoint', async () => {
    const first = await open(account(1));
    const { runner, checkpoints } = startRunner({ name: 'idle' }); // the server's window: 32 events
    await eventually(
      () => (runner.snapshot().position ?? 0n) >= first.position!.commit,
      'the runner to pass the first event',
    );
    const unwanted = await esdb.appendToStream(
      `transfer-${tag}`,
      ledgerEvent('TransferRequested', { transferId: tag }),
    );
    await eventually(
      async () => (await checkpoints.load('idle')) === unwanted.position!.commit,
      'the checkpoint to move past events it filters out',
    );
  });

  it('never hands system events to the handler, and parks a type the consumer does not know', async () => {
    await open(account(1));
    await esdb.setStreamMetadata(`account-${account(1)}`, { maxCount: 1_000 });
    await esdb.appendToStream(
      `account-${account(1)}`,
      ledgerEvent('AccountRenamed', { accountId: account(1) }),
    );
    const last = await deposit(account(1), 7);
    const seen: string[] = [];
    const projector = new MongoProjector(db, [summaries]);
    const { runner, parked } = startRunner({
      name: 'system',
      filter: { by: 'stream', prefixes: [`account-${tag}`, `$$account-${tag}`] },
      handler: {
        handles: projector.handles,
        handle: async (events, ctx) => {
          seen.push(...events.map((e) => e.event.type));
          await projector.handle(events, ctx);
        },
      },
    });
    await eventually(
      () => (runner.snapshot().position ?? 0n) >= last.position!.commit,
      'the runner to pass the last event',
    );
    expect(seen).toEqual(['AccountOpened']);
    expect((await parked.list('system')).map((p) => [p.type, p.reason])).toEqual([
      ['AccountRenamed', 'unknown-event-type'],
      ['MoneyDeposited', 'behind-parked'],
    ]);
    await new ParkedEvents(parked, () => runner.nudge()).skip('system', `account-${account(1)}`);
    await eventually(async () => (await parked.count('system')) === 0, 'the parked events to be skipped');
    expect(seen).toEqual(['AccountOpened', 'MoneyDeposited']);
  });

  it('resumes strictly after the given position', async () => {
    const first = await open(account(1));
    await deposit(account(1), 1);
    const source = new EsdbAllStreamSource<LedgerEvent>(esdb);
    const subscription = source.subscribe({
      consumer: 'resume',
      after: first.position!.commit,
      filter: { by: 'stream', prefixes: [`account-${tag}`] },
    });
    cleanups.push(() => subscription.close());
    const events: bigint[] = [];
    await eventually(async () => {
      for (const item of await subscription.read(10, AbortSignal.timeout(200)))
        if (item.kind === 'event') events.push(item.event.revision);
      return events.length > 0;
    }, 'an event after the position');
    expect(events).toEqual([1n]);
  });

  it('delivers filter checkpoints after the events they cover, never before', async () => {
    await open(account(1));
    for (let i = 0; i < 40; i++) await deposit(account(1), 1);
    const source = new EsdbAllStreamSource<LedgerEvent>(esdb, { maxSearchWindow: 1, bufferSize: 4 });
    const subscription = source.subscribe({
      consumer: 'order',
      after: undefined,
      filter: { by: 'stream', prefixes: [`account-${tag}`] },
    });
    cleanups.push(() => subscription.close());
    const items: SourceItem<Message>[] = [];
    await eventually(async () => {
      items.push(...(await subscription.read(3, AbortSignal.timeout(200))));
      return items.filter((i) => i.kind === 'event').length === 41;
    }, '41 events');
    let highest = 0n;
    for (const item of items) {
      const position = item.kind === 'checkpoint' ? item.position : item.event.position;
      expect(position).toBeGreaterThanOrEqual(highest);
      highest = position;
    }
  });

  it('resubscribes after a dropped connection (the event store restarted on its port) and goes on', async () => {
    await open(account(1));
    const before = await deposit(account(1), 10);
    const { runner } = startRunner({ name: 'reconnect' });
    await eventually(
      () => (runner.snapshot().position ?? 0n) >= before.position!.commit,
      'the runner to pass the first deposit',
    );

    await eventStore.stop();
    await eventually(() => runner.snapshot().reconnects >= 1, 'the runner to notice the outage');
    eventStore = await startEventStore({ dataDir, port: eventStore.port });
    let after: Awaited<ReturnType<typeof deposit>> | undefined;
    await eventually(async () => {
      after = await deposit(account(1), 5).catch(() => undefined);
      return after !== undefined;
    }, 'the event store to take appends again');
    await eventually(
      () => (runner.snapshot().position ?? 0n) >= after!.position!.commit,
      'the runner to pass the deposit made after the restart',
      20_000,
    );
    expect((await summaryDocs())[0]).toMatchObject({ balance: 15 });
    expect(runner.snapshot().lastError).toBeDefined();
  });
});
