import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import { ReadModelVersions } from '@ledger/consumers-mongodb';
import {
  accountDecider,
  accountStreamName,
  type AccountState,
  transferDecider,
  transferStreamName,
  type TransferState,
} from '@ledger/domain';
import {
  ACCOUNT_SUMMARY,
  type AccountSummaryDocument,
  LEDGER_ENTRIES,
  type LedgerEntryDocument,
  TRANSFERS,
  type TransferDocument,
} from '@ledger/read-models';
import { type ChildServer, type Fold, foldStream, startAppProcess } from '@ledger/testing';
import { eventually, ProjectorsHarness } from './projectors.harness.js';

jest.setTimeout(180_000);

const CLIENT_KEY = 'client-key-for-ledger-tests';
const ACCOUNTS = 20;
const TRANSFERS_COUNT = 400;
const MOVES = 200;

/**
 * The ledger end to end: commands through the command API (a real process), the projectors'
 * real consumers (read models and the transfer workflow), and what they made, checked against
 * the event store folded with the domain's own `evolve`.
 */
describe('the ledger under concurrent transfers, deposits and withdrawals', () => {
  let projectors: ProjectorsHarness;
  let commandApi: ChildServer;
  let url: string;

  beforeAll(async () => {
    projectors = await ProjectorsHarness.start();
    ({ server: commandApi, url } = await startAppProcess(
      fileURLToPath(new URL('../../command-api/src/main.ts', import.meta.url)),
      {
        API_KEYS: JSON.stringify({ client: [CLIENT_KEY] }),
        EVENTSTORE_CONNECTION_STRING: projectors.store.url,
        COMMAND_API_PORT: '0',
      },
    ));
  });
  afterAll(async () => {
    await commandApi?.stop();
    await projectors?.stop();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const MONEY_MOVES = [
    'MoneyDeposited',
    'MoneyWithdrawn',
    'TransferDebited',
    'TransferCredited',
    'TransferRefunded',
  ];
  const fold = async <S>(stream: string, decider: Fold<S>) => {
    const { state, revision, types } = await foldStream(projectors.writer, stream, decider);
    return { state, revision, moves: types.filter((type) => MONEY_MOVES.includes(type)).length };
  };
  const collection = <T extends { _id: string }>(name: string) =>
    new ReadModelVersions(projectors.db).collection<T>(name);
  /** Runs `tasks` `width` at a time. */
  const inParallel = async (tasks: Array<() => Promise<unknown>>, width = 16) => {
    const queue = [...tasks];
    await Promise.all(
      Array.from({ length: width }, async () => {
        for (let task = queue.shift(); task; task = queue.shift()) await task();
      }),
    );
  };

  it('settles every transfer, conserves money, keeps every overdraft, and the read models agree with the events', async () => {
    const random = (n: number) => Math.floor(Math.random() * n);
    const accounts: Array<{ id: string; overdraftLimit: number }> = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const overdraftLimit = random(3) * 500;
      const opened = await post('/accounts', { ownerId: randomUUID(), currency: 'EUR', overdraftLimit });
      expect(opened.status).toBe(201);
      accounts.push({ id: opened.body.accountId as string, overdraftLimit });
      expect((await post(`/accounts/${opened.body.accountId}/deposits`, { amount: 5_000 })).status).toBe(200);
    }
    let deposited = ACCOUNTS * 5_000;
    let withdrawn = 0;
    const transferIds: string[] = [];
    const tasks: Array<() => Promise<unknown>> = [];
    for (let t = 0; t < TRANSFERS_COUNT; t++) {
      const from = accounts[random(ACCOUNTS)]!;
      const to = random(40) === 0 ? { id: randomUUID() } : accounts[random(ACCOUNTS)]!; // now and then, nowhere
      if (from.id === to.id) continue;
      tasks.push(async () => {
        const answer = await post(
          '/transfers',
          { fromAccountId: from.id, toAccountId: to.id, amount: 1 + random(2_000) },
          { 'idempotency-key': randomUUID() },
        );
        expect(answer.status).toBe(202);
        transferIds.push(answer.body.transferId as string);
      });
    }
    for (let m = 0; m < MOVES; m++) {
      const account = accounts[random(ACCOUNTS)]!;
      const amount = 1 + random(1_500);
      const kind = m % 2 === 0 ? 'deposits' : 'withdrawals';
      tasks.push(async () => {
        const answer = await post(`/accounts/${account.id}/${kind}`, { amount });
        expect([200, 422]).toContain(answer.status);
        if (answer.status === 200) {
          if (kind === 'deposits') deposited += amount;
          else withdrawn += amount;
        }
      });
    }
    tasks.sort(() => Math.random() - 0.5);
    await inParallel(tasks);

    const transfers = await collection<TransferDocument>(TRANSFERS);
    await eventually(
      async () => {
        const ended = await transfers.countDocuments({
          _id: { $in: transferIds },
          status: { $in: ['completed', 'rejected', 'failed'] },
        });
        return ended === transferIds.length ? true : undefined;
      },
      'every transfer to end in the read model',
      120_000,
    );

    // The last workflow step (settling the source's debit) may land just after the transfer ends.
    const foldAll = () =>
      Promise.all(
        accounts.map(async ({ id }) => ({
          id,
          ...(await fold<AccountState>(accountStreamName(id), accountDecider)),
        })),
      );
    const settled = await eventually(async () => {
      const all = await foldAll();
      return all.every(({ state }) => Object.keys(state.pendingDebits).length === 0) ? all : undefined;
    }, 'no debit left unsettled');
    expect(
      new Set((await transfers.find({ _id: { $in: transferIds } }).toArray()).map((t) => t.status)),
    ).toEqual(new Set(['completed', 'rejected', 'failed']));
    for (const { state } of settled) {
      expect(state.pendingDebits).toEqual({});
      expect(state.balance).toBeGreaterThanOrEqual(-state.overdraftLimit);
    }
    expect(settled.reduce((sum, { state }) => sum + state.balance, 0)).toBe(deposited - withdrawn);

    for (const transferId of transferIds) {
      const { state } = await fold<TransferState>(transferStreamName(transferId), transferDecider);
      expect(['completed', 'rejected', 'failed']).toContain(state.status);
      expect(await transfers.findOne({ _id: transferId })).toMatchObject({
        status: state.status,
        amount: state.amount,
        currency: 'EUR',
      });
    }

    const summaries = await collection<AccountSummaryDocument>(ACCOUNT_SUMMARY);
    const entries = await collection<LedgerEntryDocument>(LEDGER_ENTRIES);
    await eventually(async () => {
      for (const { id, revision } of settled) {
        const doc = await summaries.findOne({ _id: id });
        if (doc?.revision !== revision) return undefined;
      }
      return true;
    }, 'the account summaries to reach the streams’ revisions');
    for (const { id, state, moves } of settled) {
      expect(await summaries.findOne({ _id: id })).toMatchObject({
        balance: state.balance,
        ownerId: state.ownerId,
        overdraftLimit: state.overdraftLimit,
        status: state.status,
      });
      const ledger = await entries.find({ accountId: id }).sort({ revision: 1 }).toArray();
      expect(ledger).toHaveLength(moves);
      expect(ledger.at(-1)?.balanceAfter ?? 0).toBe(state.balance);
      expect(ledger.reduce((sum, entry) => sum + entry.amount, 0)).toBe(state.balance);
    }
    const parked = await projectors.db.collection('parked_events').countDocuments();
    expect(parked).toBe(0);
  });
});
