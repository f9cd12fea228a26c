import { EventStoreDBClient } from '@eventstore/db-client';
import {
  accountDecider,
  accountStreamName,
  type AccountCommand,
  InsufficientFundsError,
} from '@ledger/domain';
import { testEventStore, type TestServer } from '@ledger/testing';
import { randomUUID } from 'node:crypto';
import { EsdbEventStreamStore } from '../streams/esdb-event-stream-store.adapter.js';
import { StreamConflictError } from '../streams/event-stream-store.port.js';
import type { CommandContext } from './command-context.js';
import { IdempotencyKeyReusedError } from './command-pipeline.errors.js';
import { CommandPipeline } from './command-pipeline.service.js';
import { DEFAULT_COMMAND_PIPELINE_OPTIONS, type CommandPipelineOptions } from './command-pipeline.options.js';
import { newEventsFor } from './new-events.factory.js';

const NOW = '2026-01-01T00:00:00.000Z';
/** The idempotency window's clock stands at NOW, the time the commands carry. */
const testOptions = (overrides: Partial<CommandPipelineOptions> = {}): CommandPipelineOptions => ({
  ...DEFAULT_COMMAND_PIPELINE_OPTIONS,
  aggregateCacheBytes: 1_000_000,
  now: () => Date.parse(NOW),
  ...overrides,
});
const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  commandId: randomUUID(),
  correlationId: randomUUID(),
  actor: 'test',
  issuedAt: NOW,
  ...overrides,
});

/** The pipeline over the real client and a test event store; two pipelines stand for two processes. */
describe('CommandPipeline against EventStoreDB', () => {
  let server: TestServer;
  let client: EventStoreDBClient;
  let store: EsdbEventStreamStore;
  const pipeline = () => new CommandPipeline(store, testOptions());

  beforeAll(async () => {
    server = await testEventStore();
    client = EventStoreDBClient.connectionString(server.url);
    store = new EsdbEventStreamStore(client);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  async function openedAccount(p: CommandPipeline): Promise<string> {
    const accountId = randomUUID();
    const open: AccountCommand = {
      type: 'OpenAccount',
      data: { accountId, ownerId: randomUUID(), currency: 'EUR', overdraftLimit: 0, now: NOW },
    };
    await p.handle(accountDecider, {
      streamName: accountStreamName(accountId),
      command: open,
      context: context(),
    });
    return accountId;
  }
  const openState = (accountId: string) =>
    accountDecider.evolve(accountDecider.initialState(), {
      type: 'AccountOpened',
      data: { accountId, ownerId: 'o', currency: 'EUR', overdraftLimit: 0, openedAt: NOW },
    });
  const deposit = (accountId: string, amount: number): AccountCommand => ({
    type: 'DepositMoney',
    data: { accountId, amount, now: NOW },
  });

  it('answers the position the store gave the last event', async () => {
    const p = pipeline();
    const accountId = await openedAccount(p);
    const outcome = await p.handle(accountDecider, {
      streamName: accountStreamName(accountId),
      command: deposit(accountId, 5),
      context: context(),
    });
    const events = [];
    for await (const stored of store.read(accountStreamName(accountId))) events.push(stored);
    expect(events.map((e) => [e.event.type, e.revision])).toEqual([
      ['AccountOpened', 0n],
      ['MoneyDeposited', 1n],
    ]);
    expect(outcome).toEqual({ revision: 1n, position: events[1].position, replayed: false });
  });

  it('reads from a revision on, and nothing for a missing stream', async () => {
    const p = pipeline();
    const accountId = await openedAccount(p);
    const streamName = accountStreamName(accountId);
    await p.handle(accountDecider, { streamName, command: deposit(accountId, 1), context: context() });
    const fromOne = [];
    for await (const stored of store.read(streamName, 1n)) fromOne.push(stored.revision);
    expect(fromOne).toEqual([1n]);
    const missing = [];
    for await (const stored of store.read(`account-${randomUUID()}`)) missing.push(stored);
    expect(missing).toEqual([]);
  });

  it('turns a wrong expected version into StreamConflictError with the actual revision', async () => {
    const accountId = await openedAccount(pipeline());
    const events = newEventsFor(
      accountStreamName(accountId),
      'DepositMoney',
      accountDecider.decide(deposit(accountId, 1), openState(accountId)),
      context(),
    );
    await expect(store.append(accountStreamName(accountId), events, 'no_stream')).rejects.toEqual(
      expect.objectContaining({ constructor: StreamConflictError, actual: 0n }),
    );
  });

  it('replays a keyed command another process wrote after this one cached the stream', async () => {
    const [a, b] = [pipeline(), pipeline()];
    const accountId = await openedAccount(a);
    const streamName = accountStreamName(accountId);
    await a.handle(accountDecider, { streamName, command: deposit(accountId, 1), context: context() }); // a caches
    const keyed = context({ idempotencyKey: `k-${accountId}`, requestHash: 'h1' });
    const first = await b.handle(accountDecider, {
      streamName,
      command: deposit(accountId, 7),
      context: keyed,
    });
    const retry = await a.handle(accountDecider, {
      streamName,
      command: deposit(accountId, 7),
      context: keyed,
    });
    // The store recognised the retry by its event ids: the answer is the first call's.
    expect(retry).toMatchObject({ revision: first.revision, position: first.position });
    await expect(
      a.handle(accountDecider, {
        streamName,
        command: deposit(accountId, 8),
        context: { ...keyed, requestHash: 'h2' },
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    const revisions = [];
    for await (const stored of store.read(streamName)) revisions.push(stored.revision);
    expect(revisions).toEqual([0n, 1n, 2n]);
  });
  it('refuses, through a stale cache, a key another process used for another request', async () => {
    const [a, b] = [pipeline(), pipeline()];
    const accountId = await openedAccount(a);
    const streamName = accountStreamName(accountId);
    const handle = (p: CommandPipeline, command: AccountCommand, ctx = context()) =>
      p.handle(accountDecider, { streamName, command, context: ctx });
    await handle(a, deposit(accountId, 1)); // a caches revision 1
    const key = `k-${accountId}`;
    await handle(b, deposit(accountId, 100), context({ idempotencyKey: key, requestHash: 'h100' }));
    await expect(
      handle(a, deposit(accountId, 5), context({ idempotencyKey: key, requestHash: 'h5' })),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    // a now knows the account as stored: 101, not 106.
    await handle(a, { type: 'WithdrawMoney', data: { accountId, amount: 101, now: NOW } });
    await expect(
      handle(a, { type: 'WithdrawMoney', data: { accountId, amount: 1, now: NOW } }),
    ).rejects.toBeInstanceOf(InsufficientFundsError);
    const types = [];
    for await (const stored of store.read(streamName)) types.push(stored.event.type);
    expect(types).toEqual(['AccountOpened', 'MoneyDeposited', 'MoneyDeposited', 'MoneyWithdrawn']);
  });

  it('answers a keyed open retried by a process that knows nothing of the stream, appending nothing', async () => {
    const accountId = randomUUID();
    const streamName = accountStreamName(accountId);
    const open = (ownerId: string, requestHash: string) =>
      pipeline().handle(accountDecider, {
        streamName,
        command: {
          type: 'OpenAccount',
          data: { accountId, ownerId, currency: 'EUR', overdraftLimit: 0, now: NOW },
        },
        context: context({ idempotencyKey: `open-${accountId}`, requestHash }),
        expectedState: 'new',
      });
    const first = await open('o1', 'h1');
    await expect(open('o1', 'h1')).resolves.toMatchObject({ revision: 0n, position: first.position });
    await expect(open('o2', 'h2')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    const owners = [];
    for await (const stored of store.read(streamName)) owners.push(stored.event.data);
    expect(owners).toEqual([expect.objectContaining({ ownerId: 'o1' })]);
  });
});
