import { ACCOUNT_SUMMARY, DAILY_TOTALS, LEDGER_ENTRIES, TRANSFERS } from '@ledger/read-models';
import { allPages, BOUND_KEY, CLIENT_KEY, QueryApiHarness } from './query-api.harness.js';
import { account, dailyTotals, ledgerEntry, OWNER_A, OWNER_B, transfer } from './read-model.fixtures.js';

type Item = { accountId?: string; ownerId?: string; transferId?: string };

describe('API keys: roles and keys bound to owners', () => {
  let harness: QueryApiHarness;
  const accounts = Array.from({ length: 10 }, (_, i) => account(i + 1));
  const mine = accounts.find((a) => a.ownerId === OWNER_A)!;
  const theirs = accounts.find((a) => a.ownerId === OWNER_B)!;
  const transfers = Array.from({ length: 8 }, (_, i) => transfer(i + 1));
  transfers.push(transfer(9, { fromOwnerId: null }));

  beforeAll(async () => {
    harness = await QueryApiHarness.start();
    await harness.seed(ACCOUNT_SUMMARY, accounts);
    await harness.seed(LEDGER_ENTRIES, [
      ledgerEntry(mine.accountId, 1),
      ledgerEntry(mine.accountId, 2),
      ledgerEntry(mine.accountId, 3, { kind: 'transfer-credit', amount: 25 }),
      ledgerEntry(mine.accountId, 4, { kind: 'transfer-debit', amount: -10 }),
      ledgerEntry(mine.accountId, 5, {
        kind: 'deposit',
        amount: 50,
        occurredAt: new Date('2026-03-03T23:59:59Z'),
      }),
      ledgerEntry(theirs.accountId, 2),
    ]);
    await harness.seed(DAILY_TOTALS, [dailyTotals('EUR', '2026-03-03', 999)]);
    await harness.seed(TRANSFERS, transfers);
  });
  afterAll(() => harness.stop());

  it('needs an analyst key: 401 without one, 403 with a client key', async () => {
    const missing = await harness.get('/accounts', {}, null);
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    expect((await harness.get('/accounts', {}, 'not-a-key')).statusCode).toBe(401);
    expect((await harness.get('/accounts', {}, CLIENT_KEY)).statusCode).toBe(403);
  });

  it("shows a bound key its owners' accounts and ledgers, and others' as unknown (404)", async () => {
    expect((await harness.get(`/accounts/${mine.accountId}`, {}, BOUND_KEY)).statusCode).toBe(200);
    expect((await harness.get(`/accounts/${mine.accountId}/ledger`, {}, BOUND_KEY)).statusCode).toBe(200);
    for (const url of [`/accounts/${theirs.accountId}`, `/accounts/${theirs.accountId}/ledger`]) {
      const res = await harness.get(url, {}, BOUND_KEY);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(OWNER_B);
    }
  });

  it("lists only its owners' accounts, even when it asks for another owner", async () => {
    const { items } = await allPages<Item>(harness, '/accounts?limit=2', undefined, BOUND_KEY);
    expect(items.map((a) => a.accountId)).toEqual(
      accounts
        .filter((a) => a.ownerId === OWNER_A)
        .map((a) => a.accountId)
        .sort(),
    );
    const asked = await harness.get(`/accounts?ownerId=${OWNER_B}`, {}, BOUND_KEY);
    expect(asked.json()).toEqual({ items: [], nextCursor: null });
  });

  it('lists and shows only transfers from its owners’ accounts (by fromOwnerId)', async () => {
    const { items } = await allPages<Item>(harness, '/transfers?limit=2', undefined, BOUND_KEY);
    const expected = transfers.filter((t) => t.fromOwnerId === OWNER_A).map((t) => t.transferId);
    expect(items.map((t) => t.transferId)).toEqual(expected);
    const foreign = transfers.find((t) => t.fromOwnerId === OWNER_B)!;
    const ownerless = transfers.find((t) => t.fromOwnerId === null)!;
    expect((await harness.get(`/transfers/${expected[0]}`, {}, BOUND_KEY)).statusCode).toBe(200);
    expect((await harness.get(`/transfers/${foreign.transferId}`, {}, BOUND_KEY)).statusCode).toBe(404);
    expect((await harness.get(`/transfers/${ownerless.transferId}`, {}, BOUND_KEY)).statusCode).toBe(404);
  });

  it("sums only its owners' accounts and transfers", async () => {
    const all = (await harness.get('/analytics/summary')).json<{ accountsByStatus: { open: number } }>();
    const own = (await harness.get('/analytics/summary', {}, BOUND_KEY)).json<{
      accountsByStatus: { open: number };
      balanceByCurrency: Record<string, number>;
      transfersByStatus: Record<string, number>;
    }>();
    const ownAccounts = accounts.filter((a) => a.ownerId === OWNER_A);
    expect(all.accountsByStatus.open).toBe(accounts.length);
    expect(own.accountsByStatus).toEqual({ open: ownAccounts.length });
    const sum = (currency: string) =>
      ownAccounts.filter((a) => a.currency === currency).reduce((total, a) => total + a.balance, 0);
    expect(own.balanceByCurrency).toEqual({ EUR: sum('EUR'), USD: sum('USD') });
    const ownTransfers = transfers.filter((t) => t.fromOwnerId === OWNER_A).length;
    expect(Object.values(own.transfersByStatus).reduce((a, b) => a + b, 0)).toBe(ownTransfers);
  });

  it("answers day totals of its owners' accounts only, summed from their ledger entries", async () => {
    const tally = (count: number, sum: number) => ({ count, sum });
    const day = (d: string, deposits = tally(0, 0), withdrawals = tally(0, 0), transfers = tally(0, 0)) => ({
      currency: 'EUR',
      day: d,
      deposits,
      withdrawals,
      transfers,
    });
    const { items, pages } = await allPages<Item>(
      harness,
      '/analytics/daily-totals?limit=2',
      undefined,
      BOUND_KEY,
    );
    expect(pages).toBe(2);
    expect(items).toEqual([
      day('2026-03-02', undefined, tally(1, 40)),
      day('2026-03-03', tally(2, 150)),
      day('2026-03-04', undefined, undefined, tally(1, 25)),
    ]);
    const ranged = await harness.get('/analytics/daily-totals?from=2026-03-03&to=2026-03-03', {}, BOUND_KEY);
    expect(ranged.json()).toEqual({ items: [day('2026-03-03', tally(2, 150))], nextCursor: null });
    const unbound = (await harness.get('/analytics/daily-totals')).json<{ items: Item[] }>();
    expect(unbound.items).toEqual([expect.objectContaining({ day: '2026-03-03', deposits: tally(2, 999) })]);
  });
});
