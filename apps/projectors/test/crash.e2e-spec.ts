import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ConsumerHost, SystemClock } from '@ledger/consumers';
import { EsdbAllStreamSource } from '@ledger/consumers-eventstore';
import {
  MongoCheckpointStore,
  MongoLeaseStore,
  MongoParkedEventStore,
  ReadModelVersions,
} from '@ledger/consumers-mongodb';
import { accountStreamName, type LedgerEvent } from '@ledger/domain';
import { startEventStore, type EmbeddedEventStore } from '@embedded-servers/eventstore';
import { startMongoServer, type EmbeddedMongoServer } from '@embedded-servers/mongodb';
import { newEventsFor, serializeEvent } from '@ledger/event-store';
import { LEDGER_READ_MODELS, readModelConsumers } from '@ledger/read-models';
import { startAppProcess } from '@ledger/testing';
import { type Long, MongoClient } from 'mongodb';
import { eventually } from './projectors.harness.js';

// A deadline, not a measure: catching up 18,000 events twice (crashed then restarted, and rebuilt)
// has taken over 180 s on a 2-core machine shared by several test runs.
jest.setTimeout(360_000);

const ACCOUNTS = 300;
const PER_ACCOUNT = 60;
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/**
 * A projectors process killed (SIGKILL) in the middle of a catch-up, then started again: the
 * read models must come out exactly as a from-scratch rebuild makes them, document by document.
 * It keeps embedded servers of its own even when TEST_EVENTSTORE_URL is set: it compares every
 * document, day totals over all accounts included, so other tests' events must stay out of `$all`.
 */
describe('a projectors process killed mid-stream', () => {
  let store: EmbeddedEventStore;
  let mongo: EmbeddedMongoServer;
  let esdb: EventStoreDBClient;
  let mongoClient: MongoClient;
  let last: bigint;

  beforeAll(async () => {
    store = await startEventStore({ memory: true, port: 0 });
    mongo = await startMongoServer({ memory: true, port: 0 });
    esdb = EventStoreDBClient.connectionString(store.connectionString);
    mongoClient = await MongoClient.connect(mongo.uri);
    const context = {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor: 'history',
      issuedAt: new Date().toISOString(),
    };
    for (let a = 0; a < ACCOUNTS; a++) {
      const accountId = randomUUID();
      const at = new Date(Date.UTC(2026, 1, 1 + (a % 20), a % 24)).toISOString();
      const events: LedgerEvent[] = [
        {
          type: 'AccountOpened',
          data: {
            accountId,
            ownerId: randomUUID(),
            currency: a % 2 ? 'EUR' : 'GBP',
            overdraftLimit: 0,
            openedAt: at,
          },
        },
      ];
      for (let i = 1, balance = 0; i < PER_ACCOUNT; i++) {
        balance += 10;
        events.push({
          type: 'MoneyDeposited',
          data: {
            accountId,
            amount: 10,
            currency: a % 2 ? 'EUR' : 'GBP',
            balanceAfter: balance,
            depositedAt: at,
          },
        });
      }
      const stream = accountStreamName(accountId);
      last = (
        await esdb.appendToStream(
          stream,
          newEventsFor(stream, 'History', events, context).map(serializeEvent),
        )
      ).position!.commit;
    }
  });
  afterAll(async () => {
    await mongoClient.close();
    await esdb.dispose();
    await mongo.stop();
    await store.stop();
  });

  const checkpointsOf = (database: string) =>
    mongoClient.db(database).collection<{ _id: string; position: Long }>('checkpoints');
  const caughtUp = (database: string) => async () => {
    const saved = await checkpointsOf(database).find().toArray();
    const names = LEDGER_READ_MODELS.map((r) => r.projection.readModel);
    const done = names.every((name) => {
      const checkpoint = saved.find((c) => c._id === name);
      return checkpoint !== undefined && BigInt(checkpoint.position.toString()) >= last;
    });
    return done ? true : undefined;
  };
  const startProjectors = async (database: string) =>
    (
      await startAppProcess(MAIN, {
        API_KEYS: JSON.stringify({ operator: ['op'] }),
        EVENTSTORE_CONNECTION_STRING: store.connectionString,
        MONGODB_URI: mongo.uri,
        MONGODB_DATABASE: database,
        PROJECTORS_PORT: '0',
        PROJECTORS_BATCH_SIZE: '200',
        PROJECTORS_LEASE_TTL_MS: '3000',
      })
    ).server;
  /** Every read model's documents, by id, as the query side would find them. */
  const snapshotOf = async (database: string) => {
    const versions = new ReadModelVersions(mongoClient.db(database));
    const result: Record<string, unknown[]> = {};
    for (const { projection } of LEDGER_READ_MODELS) {
      const collection = await versions.collection(projection.readModel);
      result[projection.readModel] = await collection.find().sort({ _id: 1 }).toArray();
    }
    return result;
  };

  it('resumes from its checkpoints and ends with the read models a rebuild from scratch makes', async () => {
    const crashed = `crashed-${randomUUID()}`;
    const first = await startProjectors(crashed);
    await eventually(async () => {
      const summary = await checkpointsOf(crashed).findOne({ _id: 'account-summary' });
      return summary && BigInt(summary.position.toString()) > 0n ? true : undefined;
    }, 'a first checkpoint');
    await first.kill();
    expect(await caughtUp(crashed)()).toBeUndefined(); // killed mid-stream, not after the end

    const second = await startProjectors(crashed);
    try {
      await eventually(caughtUp(crashed), 'the restarted projectors to catch up', 120_000);
    } finally {
      await second.stop();
    }

    const rebuilt = `rebuilt-${randomUUID()}`;
    const db = mongoClient.db(rebuilt);
    const host = new ConsumerHost<LedgerEvent>(
      readModelConsumers(db),
      {
        source: new EsdbAllStreamSource<LedgerEvent>(esdb),
        checkpoints: new MongoCheckpointStore(db),
        parked: new MongoParkedEventStore(db),
        leases: new MongoLeaseStore(db),
        clock: new SystemClock(),
      },
      { instanceId: 'rebuild' },
    ).start();
    try {
      await eventually(caughtUp(rebuilt), 'the rebuild', 120_000);
    } finally {
      await host.stop();
    }

    const [after, expected] = await Promise.all([snapshotOf(crashed), snapshotOf(rebuilt)]);
    expect(after['account-summary']).toHaveLength(ACCOUNTS);
    expect(after['ledger-entries']).toHaveLength(ACCOUNTS * (PER_ACCOUNT - 1));
    for (const { projection } of LEDGER_READ_MODELS)
      expect(after[projection.readModel]).toEqual(expected[projection.readModel]);
    expect(await mongoClient.db(crashed).collection('parked_events').countDocuments()).toBe(0);
  });
});
