import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { BACKWARDS, END, EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { ConsumerHost, SystemClock } from '@ledger/consumers';
import { EsdbAllStreamSource } from '@ledger/consumers-eventstore';
import {
  MongoCheckpointStore,
  MongoLeaseStore,
  MongoParkedEventStore,
  ReadModelVersions,
} from '@ledger/consumers-mongodb';
import {
  accountDecider,
  accountStreamName,
  type AccountCommand,
  type LedgerEvent,
  transferDecider,
  transferStreamName,
} from '@ledger/domain';
import { eventually, testDatabaseName, testEventStore, testMongo, type TestServer } from '@ledger/testing';
import {
  CommandPipeline,
  type CommandContext,
  DEFAULT_COMMAND_PIPELINE_OPTIONS,
  EsdbEventStreamStore,
} from '@ledger/event-store';
import { readModelConsumers, TRANSFERS, type TransferDocument } from '@ledger/read-models';
import { MongoClient } from 'mongodb';
import { TRANSFER_WORKFLOW_ACTOR } from './workflow-step.context.js';
import { transferWorkflowConsumer } from './transfer-workflow.consumer.js';

jest.setTimeout(60_000);

describe('the transfer workflow consumer', () => {
  let store: TestServer;
  let mongo: TestServer;
  // A database and streams of this file's own, so a shared server works.
  const database = testDatabaseName('transfer-workflow');
  const ownStreams = new Set<string>();
  /** The head of `$all` when this file began: on a shared server, the events before are others'. */
  let startAt: bigint | undefined;
  let esdb: EventStoreDBClient;
  let mongoClient: MongoClient;
  let pipeline: CommandPipeline;
  const hosts: ConsumerHost<LedgerEvent>[] = [];

  const context = (): CommandContext => ({
    commandId: randomUUID(),
    correlationId: randomUUID(),
    actor: 'test-client',
    issuedAt: new Date().toISOString(),
  });
  const onAccount = (accountId: string, command: AccountCommand) => {
    ownStreams.add(accountStreamName(accountId));
    return pipeline.handle(accountDecider, {
      streamName: accountStreamName(accountId),
      command,
      context: context(),
    });
  };
  const openAccount = async (currency: string, deposit = 0) => {
    const accountId = randomUUID();
    const now = new Date().toISOString();
    await onAccount(accountId, {
      type: 'OpenAccount',
      data: { accountId, ownerId: randomUUID(), currency, overdraftLimit: 0, now },
    });
    if (deposit > 0)
      await onAccount(accountId, { type: 'DepositMoney', data: { accountId, amount: deposit, now } });
    return accountId;
  };
  const requestTransfer = async (fromAccountId: string, toAccountId: string, amount: number) => {
    const transferId = randomUUID();
    const ctx = { ...context(), correlationId: `corr-${transferId}` };
    ownStreams.add(transferStreamName(transferId));
    await pipeline.handle(transferDecider, {
      streamName: transferStreamName(transferId),
      command: {
        type: 'RequestTransfer',
        data: {
          transferId,
          fromAccountId,
          toAccountId,
          amount,
          currency: 'EUR',
          fromOwnerId: 'owner',
          now: ctx.issuedAt,
        },
      },
      context: ctx,
    });
    return transferId;
  };
  const startHost = async (checkpointsCollection = 'checkpoints') => {
    const db = mongoClient.db(database);
    const consumers = [transferWorkflowConsumer(pipeline), ...readModelConsumers(db)];
    const checkpoints = new MongoCheckpointStore(db, checkpointsCollection);
    // Every event of this file is still delivered (a lost checkpoint replays them all), but not
    // the history of a shared server: thousands of other tests' transfers would come first.
    if (startAt !== undefined) await Promise.all(consumers.map((c) => checkpoints.save(c.name, startAt!)));
    const host = new ConsumerHost<LedgerEvent>(
      consumers,
      {
        source: new EsdbAllStreamSource<LedgerEvent>(esdb),
        checkpoints,
        parked: new MongoParkedEventStore(db),
        leases: new MongoLeaseStore(db, {
          leases: `${checkpointsCollection}_leases`,
          instances: `${checkpointsCollection}_instances`,
        }),
        clock: new SystemClock(),
      },
      {
        instanceId: `test-${checkpointsCollection}`,
        runner: { backoff: { initialMs: 10, maxMs: 200 } },
      },
    );
    hosts.push(host);
    return host.start();
  };
  const stateOf = (accountId: string) =>
    pipeline.inspect(accountDecider, accountStreamName(accountId), () => false);
  const transferOf = (transferId: string) =>
    pipeline.inspect(transferDecider, transferStreamName(transferId), () => false);
  const ended = (transferId: string) => async () => {
    const transfer = await transferOf(transferId);
    return ['completed', 'rejected', 'failed'].includes(transfer.status) ? transfer : undefined;
  };
  /** Every event in this file's streams: other tests' streams may share the server. */
  const allEvents = async () => {
    let count = 0;
    for (const stream of ownStreams) count += (await esdbEvents(stream)).length;
    return count;
  };

  beforeAll(async () => {
    [store, mongo] = await Promise.all([testEventStore(), testMongo()]);
    esdb = EventStoreDBClient.connectionString(store.url);
    mongoClient = await MongoClient.connect(mongo.url);
    for await (const resolved of esdb.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
      startAt = resolved.event?.position?.commit ?? startAt;
    pipeline = new CommandPipeline(new EsdbEventStreamStore(esdb), {
      ...DEFAULT_COMMAND_PIPELINE_OPTIONS,
      aggregateCacheBytes: 0,
    });
    await startHost();
  });
  afterAll(async () => {
    for (const host of hosts) await host.stop();
    await mongoClient.close();
    await esdb.dispose();
    await mongo.stop();
    await store.stop();
  });

  it('completes a transfer the source can pay: the money moves once, and the source may then close', async () => {
    const [from, to] = [await openAccount('EUR', 1_000), await openAccount('EUR')];
    const transferId = await requestTransfer(from, to, 300);
    expect((await eventually(ended(transferId), `transfer ${transferId} to end`)).status).toBe('completed');
    await eventually(
      async () => (Object.keys((await stateOf(from)).pendingDebits).length === 0 ? true : undefined),
      'the source debit to settle',
    );
    expect([(await stateOf(from)).balance, (await stateOf(to)).balance]).toEqual([700, 300]);
    const credited = (await esdbEvents(accountStreamName(to))).find((e) => e.type === 'TransferCredited')!;
    expect(credited.metadata).toMatchObject({
      actor: TRANSFER_WORKFLOW_ACTOR,
      correlationId: `corr-${transferId}`,
    });
  });

  it('rejects a transfer the source cannot pay, and fails (refunding) one the destination refuses or lacks', async () => {
    const [from, usd] = [await openAccount('EUR', 1_000), await openAccount('USD')];
    const poor = await requestTransfer(from, usd, 5_000);
    const otherCurrency = await requestTransfer(from, usd, 100);
    const nowhere = await requestTransfer(from, randomUUID(), 200);
    expect(await eventually(ended(poor), `transfer ${poor} to end`)).toMatchObject({
      status: 'rejected',
      reason: 'insufficient-funds',
    });
    expect(await eventually(ended(otherCurrency), `transfer ${otherCurrency} to end`)).toMatchObject({
      status: 'failed',
      reason: 'currency-mismatch',
    });
    expect(await eventually(ended(nowhere), `transfer ${nowhere} to end`)).toMatchObject({
      status: 'failed',
      reason: 'destination-account-not-found',
    });
    await eventually(
      async () => (Object.keys((await stateOf(from)).pendingDebits).length === 0 ? true : undefined),
      'the source debit to settle',
    );
    expect((await stateOf(from)).balance).toBe(1_000);
    const doc = await eventually(async () => {
      const transfers = await new ReadModelVersions(mongoClient.db(database)).collection<TransferDocument>(
        TRANSFERS,
      );
      const found = await transfers.findOne({ _id: nowhere });
      return found?.status === 'failed' ? found : undefined;
    }, 'the failed transfer in the read model');
    expect(doc).toMatchObject({
      fromAccountId: from,
      amount: 200,
      currency: 'EUR',
      reason: 'destination-account-not-found',
    });
  });

  it('moves no money again when every event is delivered again (a lost checkpoint)', async () => {
    const [from, to] = [await openAccount('EUR', 500), await openAccount('EUR')];
    const transferId = await requestTransfer(from, to, 500);
    await eventually(ended(transferId), `transfer ${transferId} to end`);
    await eventually(
      async () => (Object.keys((await stateOf(from)).pendingDebits).length === 0 ? true : undefined),
      'the source debit to settle',
    );
    const before = await allEvents();
    const replay = await startHost('replay_checkpoints');
    await eventually(async () => {
      const status = (await replay.status()).find((s) => s.consumer === 'transfer-workflow');
      return status && status.lagEvents === 0 && status.owner !== undefined ? true : undefined;
    }, 'the replaying workflow to catch up');
    expect(await allEvents()).toBe(before);
    expect([(await stateOf(from)).balance, (await stateOf(to)).balance]).toEqual([0, 500]);
  });

  async function esdbEvents(streamName: string) {
    const events = [];
    try {
      for await (const resolved of esdb.readStream(streamName))
        if (resolved.event) events.push(resolved.event);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return events;
  }
});
