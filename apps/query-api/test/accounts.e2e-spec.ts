import { ACCOUNT_SUMMARY, type AccountSummaryDocument } from '@ledger/read-models';
import { MAX_LIVE_CHUNKS } from '../src/pagination/page-snapshots.js';
import { allPages, QueryApiHarness } from './query-api.harness.js';
import { account, OWNER_A } from './read-model.fixtures.js';

type Item = {
  accountId: string;
  ownerId: string;
  balance: number;
  status: string;
  currency: string;
  openedAt: string;
};

describe('GET /accounts and /accounts/:id', () => {
  let harness: QueryApiHarness;
  const accounts = Array.from({ length: 60 }, (_, i) => account(i + 1));
  accounts[4] = account(5, { status: 'frozen' });
  accounts[9] = account(10, { status: 'closed', balance: 0 });

  beforeAll(async () => {
    harness = await QueryApiHarness.start();
    await harness.seed(ACCOUNT_SUMMARY, accounts);
  });
  afterAll(() => harness.stop());

  const ids = (items: Item[]) => items.map((item) => item.accountId);

  it('answers one account with the contract fields, ISO times and its revision as ETag', async () => {
    const doc = accounts[2]!;
    const res = await harness.get(`/accounts/${doc.accountId.toUpperCase()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      accountId: doc.accountId,
      ownerId: doc.ownerId,
      currency: doc.currency,
      balance: doc.balance,
      overdraftLimit: 0,
      status: 'open',
      revision: doc.revision,
      openedAt: doc.openedAt.toISOString(),
      updatedAt: doc.updatedAt.toISOString(),
    });
    expect(res.headers.etag).toBe(`"${doc.revision}"`);
    const again = await harness.get(`/accounts/${doc.accountId}`, { 'if-none-match': `"${doc.revision}"` });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const stale = await harness.get(`/accounts/${doc.accountId}`, {
      'if-none-match': `"${doc.revision + 1}"`,
    });
    expect(stale.statusCode).toBe(200);
  });

  it('answers 404 problem for an unknown account, 400 for an id that is no UUID', async () => {
    const unknown = await harness.get('/accounts/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((await harness.get('/accounts/not-a-uuid')).statusCode).toBe(400);
  });

  it.each([
    ['ownerId', `ownerId=${OWNER_A}`, (a: AccountSummaryDocument) => a.ownerId === OWNER_A],
    ['status', 'status=frozen', (a: AccountSummaryDocument) => a.status === 'frozen'],
    ['currency', 'currency=USD', (a: AccountSummaryDocument) => a.currency === 'USD'],
    [
      'balance range',
      'minBalance=200&maxBalance=600',
      (a: AccountSummaryDocument) => a.balance >= 200 && a.balance <= 600,
    ],
    [
      'opened range',
      'openedFrom=2026-01-01T10:00:00Z&openedTo=2026-01-02T05:00:00Z',
      (a: AccountSummaryDocument) =>
        a.openedAt >= new Date('2026-01-01T10:00:00Z') && a.openedAt < new Date('2026-01-02T05:00:00Z'),
    ],
  ])('filters by %s', async (_, query, keep) => {
    const { items } = await allPages<Item>(harness, `/accounts?${query}&limit=7`);
    const expected = accounts
      .filter(keep)
      .map((a) => a.accountId)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(accounts.length);
    expect(ids(items)).toEqual(expected);
  });

  it.each([
    ['id', (a: Item, b: Item) => a.accountId.localeCompare(b.accountId)],
    ['-id', (a: Item, b: Item) => b.accountId.localeCompare(a.accountId)],
    ['balance', (a: Item, b: Item) => a.balance - b.balance || a.accountId.localeCompare(b.accountId)],
    ['-balance', (a: Item, b: Item) => b.balance - a.balance || b.accountId.localeCompare(a.accountId)],
    ['openedAt', (a: Item, b: Item) => a.openedAt.localeCompare(b.openedAt)],
    ['-openedAt', (a: Item, b: Item) => b.openedAt.localeCompare(a.openedAt)],
  ])('sorts by %s across pages', async (sort, compare) => {
    const { items, pages } = await allPages<Item>(harness, `/accounts?sort=${sort}&limit=9`);
    expect(pages).toBe(7);
    expect(items).toHaveLength(accounts.length);
    expect(items).toEqual([...items].sort(compare));
  });

  it('skips and repeats nothing while served accounts leave the filter and older ones appear', async () => {
    const collection = harness.db.collection<AccountSummaryDocument>(`${ACCOUNT_SUMMARY}_v1`);
    const open = (await allPages<Item>(harness, '/accounts?status=open&sort=openedAt')).items;
    const { items } = await allPages<Item>(
      harness,
      '/accounts?status=open&sort=openedAt&limit=10',
      async (page, served) => {
        // Served accounts get frozen (they leave the filter: an offset would now skip as many) and
        // an account opened before all of them appears (an offset would now repeat one).
        await collection.updateMany({ _id: { $in: ids(served) } }, { $set: { status: 'frozen' } });
        await collection.insertOne(account(200 + page, { openedAt: new Date('2025-06-01T00:00:00Z') }));
      },
    );
    expect(open.length).toBeGreaterThan(30);
    expect(ids(items)).toEqual(ids(open));
  });
});

describe('GET /accounts sorted by balance while balances change', () => {
  let harness: QueryApiHarness;
  const accounts = Array.from({ length: 40 }, (_, i) => account(i + 1, { balance: 100 * (i + 1) }));
  const collection = () => harness.db.collection<AccountSummaryDocument>(`${ACCOUNT_SUMMARY}_v1`);
  const ids = (items: Item[]) => items.map((item) => item.accountId);

  beforeAll(async () => {
    harness = await QueryApiHarness.start();
    await harness.seed(ACCOUNT_SUMMARY, accounts);
  });
  afterAll(() => harness.stop());

  it.each(['balance', '-balance'])(
    'sort=%s hands out every account once while balances cross the cursor',
    async (sort) => {
      const before = (await allPages<Item>(harness, `/accounts?sort=${sort}&limit=500`)).items;
      const { items } = await allPages<Item>(harness, `/accounts?sort=${sort}&limit=8`, async (_, served) => {
        // Served accounts jump past the ones not yet served (a keyset cursor would repeat them),
        // and unserved ones drop behind the cursor (it would skip them).
        const servedIds = ids(served);
        const unserved = ids(before)
          .filter((id) => !servedIds.includes(id))
          .slice(0, 4);
        const ahead = sort === 'balance' ? 1_000_000 : -1_000_000;
        await collection().updateMany({ _id: { $in: servedIds.slice(-4) } }, { $inc: { balance: ahead } });
        await collection().updateMany({ _id: { $in: unserved } }, { $inc: { balance: -ahead } });
      });
      expect(items).toHaveLength(accounts.length);
      expect(ids(items)).toEqual(ids(before));
      await collection().deleteMany({});
      await collection().insertMany(accounts);
    },
  );

  it('leaves out an account that no longer matches the filter, and repeats none', async () => {
    const { items } = await allPages<Item>(
      harness,
      '/accounts?sort=balance&status=open&limit=10',
      async () => {
        await collection().updateOne({ _id: accounts[35]!.accountId }, { $set: { status: 'frozen' } });
      },
    );
    expect(ids(items)).toEqual(accounts.filter((_, i) => i !== 35).map((a) => a.accountId));
    await collection().updateOne({ _id: accounts[35]!.accountId }, { $set: { status: 'open' } });
  });

  it('answers 410 for a cursor whose frozen order has expired, and 400 for a forged one', async () => {
    const first = (await harness.get('/accounts?sort=balance&limit=5')).json<{ nextCursor: string }>();
    await harness.db
      .collection('query_page_snapshots')
      .updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
    const expired = await harness.get(`/accounts?sort=balance&limit=5&cursor=${first.nextCursor}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ type: 'urn:ledger:problem:cursor-expired' });
    const forged = await harness.get(`/accounts?sort=-balance&limit=5&cursor=${first.nextCursor}`);
    expect(forged.statusCode).toBe(400);
  });

  it('answers 503 when too many frozen listings are open, and leaves no cursor open on MongoDB', async () => {
    const collection = harness.db.collection<AccountSummaryDocument>(`${ACCOUNT_SUMMARY}_v1`);
    // More than one driver batch (101) of matches, so the scan's cursor outlives its first reply.
    const many = Array.from({ length: 250 }, (_, i) => account(1_000 + i, { currency: 'CHF' }));
    await collection.insertMany(many);
    const snapshots = harness.db.collection<{ _id: string }>('query_page_snapshots');
    const expiresAt = new Date(Date.now() + 600_000);
    const filler = Array.from({ length: MAX_LIVE_CHUNKS }, (_, i) => ({
      _id: `filler:${i}`,
      ids: [],
      total: 0,
      expiresAt,
    }));
    await snapshots.insertMany(filler);
    const openCursors = async () =>
      (await harness.db.admin().command({ serverStatus: 1 })).metrics.cursor.open.total as number;
    const before = await openCursors();
    try {
      const refused = await harness.get('/accounts?currency=CHF&sort=balance&limit=5');
      expect(refused.statusCode).toBe(503);
      expect(await openCursors()).toBe(before);
    } finally {
      await snapshots.deleteMany({ _id: { $in: filler.map((f) => f._id) } });
      await collection.deleteMany({ _id: { $in: many.map((a) => a._id) } });
    }
  });

  it('a listing that fits one page freezes nothing', async () => {
    await harness.db.collection('query_page_snapshots').deleteMany({});
    const page = (await harness.get('/accounts?sort=balance&limit=100')).json<{ nextCursor: null }>();
    expect(page.nextCursor).toBeNull();
    expect(await harness.db.collection('query_page_snapshots').countDocuments()).toBe(0);
  });
});
