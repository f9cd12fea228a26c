import { EventStoreDBClient } from '@eventstore/db-client';
import { accountDecider, accountStreamName, type AccountCommand } from '@ledger/domain';
import { type EmbeddedEventStore, startEventStore } from '@ledger/embedded-eventstore';
import { randomUUID } from 'node:crypto';
import { EsdbEventStreamStore } from '../streams/esdb-event-stream-store.adapter.js';
import { StreamConflictError } from '../streams/event-stream-store.port.js';
import type { CommandContext } from './command-context.js';
import { IdempotencyKeyReusedError } from './command-pipeline.errors.js';
import { CommandPipeline } from './command-pipeline.service.js';
import { newEventsFor } from './new-events.factory.js';

const NOW = '2026-01-01T00:00:00.000Z';
const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  commandId: randomUUID(),
  correlationId: randomUUID(),
  actor: 'test',
  issuedAt: NOW,
  ...overrides,
});

/** The pipeline over the real client and the embedded server; two pipelines stand for two processes. */
describe('CommandPipeline against EventStoreDB', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let store: EsdbEventStreamStore;
  const pipeline = () => new CommandPipeline(store, { maxConflictRetries: 5, aggregateCacheWeight: 1000 });

  beforeAll(async () => {
    server = await startEventStore({ memory: true, port: 0 });
    client = EventStoreDBClient.connectionString(server.connectionString);
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
    expect(retry).toEqual({ ...first, replayed: true });
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
});
