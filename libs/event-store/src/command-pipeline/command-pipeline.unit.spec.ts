import {
  type AccountCommand,
  accountDecider,
  AlreadyExistsError,
  InsufficientFundsError,
} from '@ledger/domain';
import { version } from 'uuid';
import { eventIdFor } from '../idempotency/idempotency-ids.js';
import type { CommandContext } from './command-context.js';
import {
  ConflictRetriesExhaustedError,
  ExpectedRevisionMismatchError,
  IdempotencyKeyReusedError,
} from './command-pipeline.errors.js';
import { CommandPipeline } from './command-pipeline.service.js';
import { DEFAULT_COMMAND_PIPELINE_OPTIONS, type CommandPipelineOptions } from './command-pipeline.options.js';
import { InMemoryEventStreamStore } from './in-memory-event-stream-store.js';

const NOW = '2026-01-01T00:00:00.000Z';
/** The idempotency window's clock stands at NOW, the time the commands carry. */
const testOptions = (overrides: Partial<CommandPipelineOptions> = {}): CommandPipelineOptions => ({
  ...DEFAULT_COMMAND_PIPELINE_OPTIONS,
  aggregateCacheBytes: 1_000_000,
  now: () => Date.parse(NOW),
  ...overrides,
});
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
const debit = (transferId: string, amount: number): AccountCommand => ({
  type: 'DebitAccountForTransfer',
  data: { accountId: 'a1', transferId, toAccountId: 'a2', amount, currency: 'EUR', now: NOW },
});
const keyed = (idempotencyKey: string, requestHash = `hash-of-${idempotencyKey}`) =>
  context({ idempotencyKey, requestHash });

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
    pipeline = new CommandPipeline(store, testOptions());
    await handle(open);
  });

  it('appends the decided events with their metadata and answers revision and position', async () => {
    const outcome = await handle(deposit(10), context({ commandId: 'cmd-2', correlationId: 'corr-2' }));
    const stored = store.streams.get(STREAM)!;
    expect(outcome).toEqual({ revision: 1n, position: stored[1].position, replayed: false });
    expect(stored[1].event).toEqual({
      type: 'MoneyDeposited',
      data: { accountId: 'a1', amount: 10, currency: 'EUR', balanceAfter: 10, depositedAt: NOW },
    });
    expect(version(stored[1].id)).toBe(4);
    expect(stored[1].metadata).toEqual({
      correlationId: 'corr-2',
      causationId: 'cmd-2',
      commandId: 'cmd-2',
      actor: 'api-key:client:0',
      occurredAt: NOW,
      schemaVersion: 2,
      commandType: 'DepositMoney',
      eventIndex: 0,
      eventCount: 1,
    });
  });

  it('replays a keyed command instead of appending it again, even from a fresh process', async () => {
    const k1 = context({ idempotencyKey: 'k1', requestHash: 'h1' });
    const first = await handle(deposit(10), k1);
    expect(store.streams.get(STREAM)![1].id).toBe(eventIdFor(k1, STREAM, 0));
    const freshPipeline = new CommandPipeline(store, testOptions({ aggregateCacheBytes: 0 }));
    const again = await freshPipeline.handle(accountDecider, {
      streamName: STREAM,
      command: deposit(10),
      context: k1,
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
  it('answers If-Match naming the stream revision though this process cached an older one', async () => {
    await handle(deposit(10));
    rivalDeposit(5);
    await expect(handle(deposit(1), context({ expectedRevision: 2n }))).resolves.toMatchObject({
      revision: 3n,
    });
  });

  it('answers a command with nothing to do at the stream revision, not the cached one', async () => {
    await handle(deposit(10));
    await handle(debit('t1', 5));
    rivalDeposit(1);
    await expect(handle(debit('t1', 5))).resolves.toEqual({
      revision: 3n,
      position: store.streams.get(STREAM)![3].position,
      replayed: false,
    });
    expect(store.streams.get(STREAM)).toHaveLength(4);
  });

  describe('a stream expected to be new', () => {
    const openNew = (p: CommandPipeline, ctx = context()) =>
      p.handle(accountDecider, {
        streamName: 'account-new',
        command: open,
        context: ctx,
        expectedState: 'new',
      });
    const freshPipeline = () => new CommandPipeline(store, testOptions());

    it('is created without being read first', async () => {
      const reads = store.readCalls;
      await expect(openNew(pipeline)).resolves.toMatchObject({ revision: 0n, replayed: false });
      expect(store.readCalls).toBe(reads);
      expect(store.streams.get('account-new')!.map((e) => e.event.type)).toEqual(['AccountOpened']);
    });

    it('is decided on what it holds when it exists after all', async () => {
      await openNew(freshPipeline());
      await expect(openNew(pipeline)).rejects.toBeInstanceOf(AlreadyExistsError);
      expect(store.streams.get('account-new')).toHaveLength(1);
    });

    it('answers a keyed retry from another process as the first call, appending nothing', async () => {
      const first = await openNew(freshPipeline(), keyed('open-1'));
      await expect(openNew(pipeline, keyed('open-1'))).resolves.toEqual({ ...first, replayed: false });
      await expect(openNew(pipeline, keyed('open-1', 'other-request'))).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      expect(store.streams.get('account-new')).toHaveLength(1);
    });
  });

  describe('keyed commands on a cached stream', () => {
    /** Another process, with its own cache, writing to the same store. */
    let other: CommandPipeline;
    const handleElsewhere = (command: AccountCommand, ctx: CommandContext) =>
      other.handle(accountDecider, { streamName: STREAM, command, context: ctx });
    beforeEach(() => {
      other = new CommandPipeline(store, testOptions());
    });

    it('are decided and appended without reading the stream first', async () => {
      const reads = store.readCalls;
      await handle(deposit(10), keyed('k1'));
      expect(store.readCalls).toBe(reads);
      expect(store.streams.get(STREAM)![1].id).toBe(eventIdFor(keyed('k1'), STREAM, 0));
    });

    it('answer a retry from the cache exactly as the first call, touching nothing', async () => {
      const first = await handle(deposit(10), keyed('k1'));
      await handle(deposit(3));
      const [reads, appends] = [store.readCalls, store.appendCalls];
      await expect(handle(deposit(10), keyed('k1'))).resolves.toEqual({ ...first, replayed: true });
      expect([store.readCalls, store.appendCalls]).toEqual([reads, appends]);
      await expect(handle(deposit(11), keyed('k1', 'other-request'))).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      expect(store.streams.get(STREAM)).toHaveLength(3);
    });

    it('answer a retry another process stored after this one cached the stream, appending nothing', async () => {
      await handle(deposit(10));
      const first = await handleElsewhere(deposit(7), keyed('k1'));
      await expect(handle(deposit(7), keyed('k1'))).resolves.toMatchObject({
        revision: first.revision,
        position: first.position,
      });
      expect(store.streams.get(STREAM)).toHaveLength(3);
      await handle(withdraw(17));
      await expect(handle(withdraw(1))).rejects.toBeInstanceOf(InsufficientFundsError);
    });

    it('refuse a key another process used for another request, and keep the true state of the stream', async () => {
      await handle(deposit(10));
      await handleElsewhere(deposit(100), keyed('k1', 'hash-of-100'));
      await expect(handle(deposit(5), keyed('k1', 'hash-of-5'))).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      expect(store.streams.get(STREAM)).toHaveLength(3);
      // The refusal did not leave the 5 in this process's view of the account: 110 is there, no more.
      await handle(withdraw(110));
      await expect(handle(withdraw(1))).rejects.toBeInstanceOf(InsufficientFundsError);
      expect(stateOf().balance).toBe(0);
    });

    it('still append nothing for a key reused after a restart, and answer as the first call', async () => {
      const first = await handle(deposit(10), keyed('k1'));
      await handle(deposit(1));
      const restarted = new CommandPipeline(store, testOptions());
      const retry = (ctx: CommandContext) =>
        restarted.handle(accountDecider, { streamName: STREAM, command: deposit(10), context: ctx });
      await expect(retry(keyed('k1'))).resolves.toEqual({ ...first, replayed: true });
      await expect(retry(keyed('k1', 'other-request'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(store.streams.get(STREAM)).toHaveLength(3);
    });
  });
});
