import { ACCOUNT_SUMMARY, DAILY_TOTALS, TRANSFERS } from '@ledger/read-models';
import { allPages, QueryApiHarness } from './query-api.harness.js';
import { account, dailyTotals, transfer } from './read-model.fixtures.js';

type Totals = { currency: string; day: string; deposits: { count: number; sum: number } };

describe('GET /analytics/daily-totals and /analytics/summary', () => {
  let harness: QueryApiHarness;
  const days = Array.from({ length: 20 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);
  const totals = [
    ...days.map((d, i) => dailyTotals('EUR', d, 100 * i)),
    ...days.map((d, i) => dailyTotals('USD', d, 7 * i)),
  ];

  beforeAll(async () => {
    harness = await QueryApiHarness.start();
    await harness.seed(DAILY_TOTALS, totals);
    await harness.seed(ACCOUNT_SUMMARY, [
      account(1, { balance: 100 }),
      account(2, { balance: 250, status: 'frozen' }),
      account(3, { balance: -20 }),
      account(4, { balance: 5, status: 'closed' }),
    ]);
    await harness.seed(TRANSFERS, [transfer(1), transfer(2), transfer(3)]);
  });
  afterAll(() => harness.stop());

  it('answers the day totals of one currency over an inclusive range of days, across pages', async () => {
    const { items } = await allPages<Totals>(
      harness,
      '/analytics/daily-totals?currency=EUR&from=2026-03-05&to=2026-03-14&limit=4',
    );
    expect(items.map((t) => t.day)).toEqual(days.slice(4, 14));
    expect(items[0]).toEqual({
      currency: 'EUR',
      day: '2026-03-05',
      deposits: { count: 2, sum: 400 },
      withdrawals: { count: 1, sum: 133 },
      transfers: { count: 0, sum: 0 },
    });
  });

  it('answers every currency without a currency filter', async () => {
    const { items } = await allPages<Totals>(harness, '/analytics/daily-totals?from=2026-03-19');
    expect(items.map((t) => `${t.currency}:${t.day}`)).toEqual([
      'EUR:2026-03-19',
      'EUR:2026-03-20',
      'USD:2026-03-19',
      'USD:2026-03-20',
    ]);
  });

  it.each([
    ['a day that does not exist', 'from=2026-02-30'],
    ['a range past a year', 'from=2024-01-01&to=2026-01-01'],
    ['an end before the start', 'from=2026-03-10&to=2026-03-09'],
    ['a lower-case currency', 'currency=eur'],
  ])('refuses %s with 400', async (_, query) => {
    expect((await harness.get(`/analytics/daily-totals?${query}`)).statusCode).toBe(400);
  });

  it('sums accounts by status, balances by currency and transfers by status', async () => {
    const res = await harness.get('/analytics/summary');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      accountsByStatus: { closed: 1, frozen: 1, open: 2 },
      balanceByCurrency: { EUR: 355, USD: -20 },
      transfersByStatus: { completed: 2, rejected: 1 },
    });
  });
});
