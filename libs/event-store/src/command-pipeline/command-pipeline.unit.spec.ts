import { type AccountCommand, accountDecider, InsufficientFundsError } from '@ledger/domain';
import { version } from 'uuid';
import { eventIdFor } from '../idempotency/idempotency-ids.js';
import type { CommandContext } from './command-context.js';
import {
  ConflictRetriesExhaustedError,
  ExpectedRevisionMismatchError,
  IdempotencyKeyReusedError,
} from './command-pipeline.errors.js';
import { CommandPipeline } from './command-pipeline.service.js';
import { InMemoryEventStreamStore } from './in-memory-event-stream-store.js';

const NOW = '2026-01-01T00:00:00.000Z';
const STREAM = 'account-a1';
const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  actor: 'api-key:client:0',
  issuedAt: NOW,
  ...overrides,
});
const open: AccountCommand = {
  type: 'OpenAccount',
  data: { accountId: 'a1', ownerId: 'o1', currency: 'EUR', overdraftLimit: 0, now: NOW },
};
const deposit = (amount: number): AccountCommand => ({
  type: 'DepositMoney',
  data: { accountId: 'a1', amount, now: NOW },
});
const withdraw = (amount: number): AccountCommand => ({
  type: 'WithdrawMoney',
  data: { accountId: 'a1', amount, now: NOW },
});

describe('CommandPipeline', () => {
  let store: InMemoryEventStreamStore;
  let pipeline: CommandPipeline;
  const handle = (command: AccountCommand, ctx = context()) =>
    pipeline.handle(accountDecider, { streamName: STREAM, command, context: ctx });
  /** What another process would do: append behind this pipeline's back. */
  const rivalDeposit = (amount: number) =>
    store.appendNow(STREAM, [
      {
        id: `rival-${amount}-${store.appendCalls}`,
        event: accountDecider.decide(deposit(amount), stateOf())[0],
        metadata: context() as never,
      },
    ]);
  const stateOf = () =>
    [...(store.streams.get(STREAM) ?? [])].reduce(
      (s, e) => accountDecider.evolve(s, e.event as never),
      accountDecider.initialState(),
    );

  beforeEach(async () => {
    store = new InMemoryEventStreamStore();
    pipeline = new CommandPipeline(store, { maxConflictRetries: 5, aggregateCacheWeight: 1000 });
    await handle(open);
  });

  it('appends the decided events with their metadata and answers revision and position', async () => {
    const outcome = await handle(deposit(10), context({ commandId: 'cmd-2', correlationId: 'corr-2' }));
    const stored = store.streams.get(STREAM)!;
    expect(outcome).toEqual({ revision: 1n, position: stored[1].position, replayed: false });
    expect(stored[1].event).toEqual({
      type: 'MoneyDeposited',
      data: { accountId: 'a1', amount: 10, currency: 'EUR', depositedAt: NOW },
    });
    expect(version(stored[1].id)).toBe(4);
    expect(stored[1].metadata).toEqual({
      correlationId: 'corr-2',
      causationId: 'cmd-2',
      commandId: 'cmd-2',
      actor: 'api-key:client:0',
      occurredAt: NOW,
      schemaVersion: 1,
      commandType: 'DepositMoney',
      eventIndex: 0,
      eventCount: 1,
    });
  });

  it('replays a keyed command instead of appending it again, even from a fresh process', async () => {
    const keyed = context({ idempotencyKey: 'k1', requestHash: 'h1' });
    const first = await handle(deposit(10), keyed);
    expect(store.streams.get(STREAM)![1].id).toBe(eventIdFor('k1', 0));
    const freshPipeline = new CommandPipeline(store, { maxConflictRetries: 5, aggregateCacheWeight: 0 });
    const again = await freshPipeline.handle(accountDecider, {
      streamName: STREAM,
      command: deposit(10),
      context: keyed,
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect(store.streams.get(STREAM)).toHaveLength(2);
  });

  it('rejects a reused key with another request hash', async () => {
    await handle(deposit(10), context({ idempotencyKey: 'k1', requestHash: 'h1' }));
    await expect(
      handle(deposit(11), context({ idempotencyKey: 'k1', requestHash: 'h2' })),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(store.streams.get(STREAM)).toHaveLength(2);
  });

  it('re-decides on fresh state after another writer got in first', async () => {
    await handle(deposit(10));
    rivalDeposit(5);
    // The cached state says balance 10; the stream says 15.
    const outcome = await handle(withdraw(15));
    expect(outcome.revision).toBe(3n);
    expect(stateOf().balance).toBe(0);
  });

  it('surfaces a rule the fresh state breaks, though the cached state allowed it', async () => {
    await handle(deposit(10));
    store.appendNow(STREAM, [
      { id: 'rival', event: accountDecider.decide(withdraw(10), stateOf())[0], metadata: context() as never },
    ]);
    await expect(handle(withdraw(10))).rejects.toBeInstanceOf(InsufficientFundsError);
  });

  it('gives up with a 409-kind error after the bounded retries', async () => {
    store.beforeAppend = () => rivalDeposit(1);
    await expect(handle(deposit(10))).rejects.toBeInstanceOf(ConflictRetriesExhaustedError);
    expect(store.appendCalls).toBe(1 + 6);
  });

  it('fails with ExpectedRevisionMismatchError when If-Match names another revision, appending nothing', async () => {
    await handle(deposit(10));
    await expect(handle(deposit(1), context({ expectedRevision: 0n }))).rejects.toBeInstanceOf(
      ExpectedRevisionMismatchError,
    );
    expect(store.streams.get(STREAM)).toHaveLength(2);
    await expect(handle(deposit(1), context({ expectedRevision: 1n }))).resolves.toMatchObject({
      revision: 2n,
    });
  });

  it('does not retry an If-Match command that lost a race', async () => {
    store.beforeAppend = () => rivalDeposit(1);
    await expect(handle(deposit(1), context({ expectedRevision: 0n }))).rejects.toBeInstanceOf(
      ExpectedRevisionMismatchError,
    );
    expect(store.appendCalls).toBe(2);
  });

  it('queues concurrent commands on one stream instead of failing them', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => handle(deposit(1))));
    expect(outcomes.map((o) => o.revision).sort((a, b) => Number(a - b))).toEqual(
      Array.from({ length: 20 }, (_, i) => BigInt(i + 1)),
    );
    expect(stateOf().balance).toBe(20);
    expect(store.appendCalls).toBe(21);
  });
});
