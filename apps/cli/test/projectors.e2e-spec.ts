import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { type EmbeddedEventStore, startEventStore } from '@ledger/embedded-eventstore';
import { type EmbeddedMongoServer, startMongoServer } from '@ledger/embedded-mongodb';
import {
  aMoneyDeposited,
  anAccountOpened,
  type ChildServer,
  eventually,
  startAppProcess,
} from '@ledger/testing';
import { MongoClient } from 'mongodb';
import { ledger } from './cli.harness.js';

// Two app processes over two embedded servers: tens of seconds to start on a busy 2-core box.
jest.setTimeout(240_000);

const OPERATOR = 'cli-operator-key';
const ANALYST = 'cli-analyst-key';
const ACCOUNTS = 40;

type Status = {
  consumers: Array<{ consumer: string; position?: string; lagEvents: number; parked: number; state: string }>;
};
type Rebuild = {
  id: string;
  state: string;
  collection: string;
  previousCollection: string;
  eventsPerSecond: number;
  handled: number;
  progress: number;
};
type Parked = {
  items: Array<{ eventId: string; consumer: string; stream: string; reason: string; type: string }>;
  truncated: boolean;
};

describe('the ledger CLI on the projectors', () => {
  let store: EmbeddedEventStore;
  let mongo: EmbeddedMongoServer;
  let writer: EventStoreDBClient;
  let mongoClient: MongoClient;
  const processes: ChildServer[] = [];
  let env: Record<string, string>;
  let queryUrl: string;
  const database = `cli-${randomUUID()}`;
  const accounts = Array.from({ length: ACCOUNTS }, () => randomUUID());
  const balanceOf = (i: number) => 1_000 + i;

  beforeAll(async () => {
    [store, mongo] = await Promise.all([
      startEventStore({ memory: true, port: 0 }),
      startMongoServer({ memory: true, port: 0 }),
    ]);
    writer = EventStoreDBClient.connectionString(store.connectionString);
    mongoClient = await new MongoClient(mongo.uri).connect();
    for (const [i, accountId] of accounts.entries()) {
      await writer.appendToStream(
        `account-${accountId}`,
        [anAccountOpened({ accountId }), aMoneyDeposited({ accountId, amount: balanceOf(i) })].map((e) =>
          jsonEvent({ type: e.type, data: e.data, metadata: { schemaVersion: 2 } }),
        ),
      );
    }
    const common = {
      API_KEYS: JSON.stringify({ operator: [OPERATOR], analyst: [ANALYST] }),
      MONGODB_URI: mongo.uri,
      MONGODB_DATABASE: database,

      RATE_LIMITS: JSON.stringify({ analyst: 0, operator: 0 }),
    };
    // One at a time, with room: each compiles the app through the TypeScript loader on start.
    const projectors = await startAppProcess(
      'apps/projectors/src/main.ts',
      {
        ...common,
        EVENTSTORE_CONNECTION_STRING: store.connectionString,
        PROJECTORS_PORT: '0',
        PROJECTORS_REBUILD_GRACE_MS: '3000',
      },
      90_000,
    );
    processes.push(projectors.server);
    const query = await startAppProcess(
      'apps/query-api/src/main.ts',
      { ...common, QUERY_API_PORT: '0' },
      90_000,
    );
    processes.push(query.server);
    queryUrl = query.url;
    env = {
      EVENTSTORE_CONNECTION_STRING: store.connectionString,
      MONGODB_URI: mongo.uri,
      MONGODB_DATABASE: database,
      PROJECTORS_URL: projectors.url,
      LEDGER_OPERATOR_KEY: OPERATOR,
    };
    await eventually(
      async () => ((await listAccounts()).items.length === ACCOUNTS ? true : undefined),
      'the read model',
      60_000,
    );
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all([writer?.dispose(), mongoClient?.close()]);
    await Promise.all([store?.stop(), mongo?.stop()]);
  });

  async function listAccounts(): Promise<{ items: Array<{ accountId: string; balance: number }> }> {
    const response = await fetch(`${queryUrl}/accounts?limit=500`, {
      headers: { authorization: `Bearer ${ANALYST}` },
    });
    if (response.status !== 200) throw new Error(`GET /accounts answered ${response.status}`);
    return response.json() as never;
  }

  it('projections status: each consumer with its position, lag and parked count', async () => {
    const run = await ledger(['projections', 'status', '--json'], env);
    expect(run.code).toBe(0);
    const { consumers } = run.json<Status>();
    expect(consumers.map((c) => c.consumer).sort()).toEqual([
      'account-summary',
      'daily-totals',
      'ledger-entries',
      'transfer-workflow',
      'transfers',
    ]);
    expect(consumers.find((c) => c.consumer === 'account-summary')).toMatchObject({
      state: 'running',
      parked: 0,
      position: expect.stringMatching(/^\d+$/),
    });
    const table = await ledger(['projections', 'status'], env);
    expect(table.stdout).toMatch(/^consumer\s+state\s+owner\s+position\s+lag events/);
  });

  it('says what is wrong with the operator key or the projectors address, by exit code', async () => {
    const { LEDGER_OPERATOR_KEY: _key, ...withoutKey } = env;
    const missing = await ledger(['projections', 'status'], withoutKey);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('LEDGER_OPERATOR_KEY is not set');
    const wrong = await ledger(['projections', 'status'], { ...env, LEDGER_OPERATOR_KEY: ANALYST });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('403');
    expect(
      (await ledger(['projections', 'status'], { ...env, PROJECTORS_URL: 'http://127.0.0.1:1' })).code,
    ).toBe(4);
  });

  it('refuses to rebuild the transfer workflow, and an unknown read model is not found', async () => {
    const workflow = await ledger(['projections', 'rebuild', 'transfer-workflow'], env);
    expect(workflow.code).toBe(1);
    expect(workflow.stderr).toContain('never rebuilt');
    expect((await ledger(['projections', 'rebuild', 'no-such-model'], env)).code).toBe(3);
  });

  it('rebuilds a read model blue-green while the query API answers every request in full', async () => {
    const summaries = mongoClient.db(database).collection('read_model_versions');
    const before = await (async () => {
      const alias = await summaries.findOne({ _id: 'account-summary' as never });
      return mongoClient
        .db(database)
        .collection(alias!.collection as string)
        .find({}, { sort: { _id: 1 } })
        .toArray();
    })();
    expect(before).toHaveLength(ACCOUNTS);
    const problems: string[] = [];
    let requests = 0;
    let loading = true;
    const expected = accounts.map((id, i) => [id, balanceOf(i)] as const).sort();
    const load = async () => {
      while (loading) {
        requests += 1;
        try {
          const { items } = await listAccounts();
          const seen = items.map((a) => [a.accountId, a.balance] as const).sort();
          if (JSON.stringify(seen) !== JSON.stringify(expected))
            problems.push(`a partial page: ${items.length} accounts`);
        } catch (error) {
          problems.push((error as Error).message);
        }
      }
    };
    const loaders = [load(), load()];
    const run = await ledger(['projections', 'rebuild', 'account-summary', '--json'], env);
    // Past the query API's alias cache (1 s), so reads after the switch are in the load too.
    const after = requests;
    await eventually(() => (requests > after + 20 ? true : undefined), 'reads after the switch');
    loading = false;
    await Promise.all(loaders);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rebuild = run.json<Rebuild>();
    expect(rebuild).toMatchObject({
      state: 'done',
      progress: 1,
      handled: ACCOUNTS * 2,
      previousCollection: 'account-summary_v1',
      collection: 'account-summary_v2',
    });
    expect(rebuild.eventsPerSecond).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    const rebuilt = await mongoClient
      .db(database)
      .collection('account-summary_v2')
      .find({}, { sort: { _id: 1 } })
      .toArray();
    expect(rebuilt).toEqual(before);
    await eventually(async () => {
      const names = (await mongoClient.db(database).listCollections({}, { nameOnly: true }).toArray()).map(
        (c) => c.name,
      );
      return names.includes('account-summary_v1') ? undefined : true;
    }, 'the old collection dropped after the grace period');
    const listed = await ledger(['projections', 'rebuilds', rebuild.id, '--json'], env);
    expect(listed.json<Rebuild>()).toMatchObject({ id: rebuild.id, state: 'done' });
  });

  it('replay runs one stream through a projection into a scratch database and prints the documents', async () => {
    const databasesBefore = (await mongoClient.db().admin().listDatabases()).databases
      .map((d) => d.name)
      .sort();
    const run = await ledger(
      ['replay', `account-${accounts[3]}`, '--projection', 'account-summary', '--json'],
      env,
    );
    expect(run.code).toBe(0);
    const replayed = run.json<{ events: number; documents: Array<Record<string, unknown>> }>();
    expect(replayed.events).toBe(2);
    expect(replayed.documents).toEqual([
      expect.objectContaining({
        _id: accounts[3],
        balance: balanceOf(3),
        status: 'open',
        revision: 1,
      }),
    ]);
    expect((await mongoClient.db().admin().listDatabases()).databases.map((d) => d.name).sort()).toEqual(
      databasesBefore,
    );
    expect(
      (await ledger(['replay', `account-${accounts[3]}`, '--projection', 'transfer-workflow'], env)).code,
    ).toBe(2);
    expect((await ledger(['replay', `account-${accounts[3]}`, '--projection', 'nope'], env)).code).toBe(3);
  });

  describe('parked events', () => {
    const poisoned = `account-${randomUUID()}`;
    let parked: Parked['items'];

    beforeAll(async () => {
      await writer.appendToStream(poisoned, jsonEvent({ type: 'AccountRenamed', data: { name: 'x' } }));
      parked = await eventually(async () => {
        const run = await ledger(['parked', 'list', '--json'], env);
        const items = run.json<Parked>().items.filter((p) => p.stream === poisoned);
        return items.length === 2 ? items : undefined;
      }, 'the unknown event parked by both account consumers');
    });

    it('parked list shows them with their reason', () => {
      expect(parked.map((p) => p.consumer).sort()).toEqual(['account-summary', 'ledger-entries']);
      expect(parked[0]).toMatchObject({ type: 'AccountRenamed', reason: 'unknown-event-type' });
    });

    it('parked skip needs --consumer when the event is parked for several, and takes it out of the list', async () => {
      const { eventId } = parked[0]!;
      expect((await ledger(['parked', 'skip', eventId], env)).code).toBe(2);
      expect((await ledger(['parked', 'skip', randomUUID()], env)).code).toBe(3);
      const skipped = await ledger(
        ['parked', 'skip', eventId, '--consumer', 'account-summary', '--json'],
        env,
      );
      expect(skipped.code).toBe(0);
      expect(skipped.json()).toMatchObject({
        consumer: 'account-summary',
        stream: poisoned,
        requested: 'skip',
      });
      await eventually(async () => {
        const run = await ledger(
          ['parked', 'list', '--consumer', 'account-summary', '--stream', poisoned, '--json'],
          env,
        );
        return run.json<Parked>().items.length === 0 ? true : undefined;
      }, 'the skipped event gone');
      const retried = await ledger(['parked', 'retry', eventId, '--consumer', 'ledger-entries'], env);
      expect(retried.code).toBe(0);
      expect(retried.stdout).toContain('retry requested');
    });
  });
});
