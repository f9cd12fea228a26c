import { ACCOUNT_SUMMARY, LEDGER_ENTRIES, TRANSFERS, type TransferDocument } from '@ledger/read-models';
import { allPages, QueryApiHarness } from './query-api.harness.js';
import { account, ledgerEntry, transfer } from './read-model.fixtures.js';

type Entry = { accountId: string; revision: number; occurredAt: string; reference?: string };
type TransferItem = {
  transferId: string;
  fromAccountId: string;
  toAccountId: string;
  status: string;
  requestedAt: string;
};

describe('GET /accounts/:id/ledger, /transfers and /transfers/:id', () => {
  let harness: QueryApiHarness;
  const owner = account(1);
  const other = account(2);
  const entries = Array.from({ length: 45 }, (_, i) => ledgerEntry(owner.accountId, i + 1));
  const transfers = Array.from({ length: 40 }, (_, i) => transfer(i + 1));

  beforeAll(async () => {
    harness = await QueryApiHarness.start();
    await harness.seed(ACCOUNT_SUMMARY, [owner, other]);
    await harness.seed(LEDGER_ENTRIES, [...entries, ledgerEntry(other.accountId, 1)]);
    await harness.seed(TRANSFERS, transfers);
  });
  afterAll(() => harness.stop());

  it("pages an account's ledger in stream order, only its own entries", async () => {
    const { items, pages } = await allPages<Entry>(harness, `/accounts/${owner.accountId}/ledger?limit=10`);
    expect(pages).toBe(5);
    expect(items.map((e) => e.revision)).toEqual(entries.map((e) => e.revision));
    expect(items[0]).toMatchObject({
      accountId: owner.accountId,
      kind: 'withdrawal',
      amount: -40,
      reference: 'ref, "1"',
    });
  });

  it('limits the ledger to a time range [from, to)', async () => {
    const url = `/accounts/${owner.accountId}/ledger?from=2026-03-05T00:00:00Z&to=2026-03-12T00:00:00Z&limit=3`;
    const { items } = await allPages<Entry>(harness, url);
    expect(items.map((e) => e.revision)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('answers 404 for the ledger of an unknown account, 400 for a range past a year', async () => {
    expect((await harness.get('/accounts/00000000-0000-4000-8000-000000000000/ledger')).statusCode).toBe(404);
    const tooLong = await harness.get(
      `/accounts/${owner.accountId}/ledger?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors).toEqual([{ field: 'to', message: expect.stringContaining('366 days') }]);
  });

  it('answers one transfer with the contract fields, ETag from its position, and 304', async () => {
    const rejected = transfers[2]!;
    const res = await harness.get(`/transfers/${rejected.transferId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      transferId: rejected.transferId,
      fromAccountId: rejected.fromAccountId,
      toAccountId: rejected.toAccountId,
      amount: rejected.amount,
      currency: 'EUR',
      status: 'rejected',
      reason: 'insufficient-funds',
      requestedAt: rejected.requestedAt.toISOString(),
    });
    expect(res.headers.etag).toBe(`"${rejected.position.toString()}"`);
    const cached = await harness.get(`/transfers/${rejected.transferId}`, {
      'if-none-match': res.headers.etag!,
    });
    expect(cached.statusCode).toBe(304);
    expect((await harness.get('/transfers/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it.each([
    ['status', 'status=rejected', (t: TransferDocument) => t.status === 'rejected'],
    [
      'account (either side)',
      `accountId=${transfers[0]!.toAccountId}`,
      (t: TransferDocument) => [t.fromAccountId, t.toAccountId].includes(transfers[0]!.toAccountId),
    ],
    [
      'time range',
      'from=2026-02-01T00:10:00Z&to=2026-02-01T00:30:00Z',
      (t: TransferDocument) =>
        t.requestedAt >= new Date('2026-02-01T00:10:00Z') && t.requestedAt < new Date('2026-02-01T00:30:00Z'),
    ],
  ])('lists transfers by %s, in request order, across pages', async (_, query, keep) => {
    const { items } = await allPages<TransferItem>(harness, `/transfers?${query}&limit=4`);
    const expected = transfers.filter(keep).map((t) => t.transferId);
    expect(expected.length).toBeGreaterThan(4);
    expect(expected.length).toBeLessThan(transfers.length);
    expect(items.map((t) => t.transferId)).toEqual(expected);
  });

  it('skips no transfer while served ones leave the status filter between pages', async () => {
    const collection = harness.db.collection<TransferDocument>(`${TRANSFERS}_v1`);
    const completed = transfers.filter((t) => t.status === 'completed').map((t) => t.transferId);
    const { items } = await allPages<TransferItem>(
      harness,
      '/transfers?status=completed&limit=4',
      async (_, served) => {
        // An offset would now skip as many transfers as have left the filter.
        await collection.updateMany(
          { _id: { $in: served.map((t) => t.transferId) } },
          { $set: { status: 'failed' } },
        );
      },
    );
    expect(items.map((t) => t.transferId)).toEqual(completed);
    await collection.updateMany({ _id: { $in: completed } }, { $set: { status: 'completed' } });
  });
});
