import { projectInMemory } from '@ledger/consumers-mongodb';
import {
  aMoneyDeposited,
  aMoneyWithdrawn,
  aTransferCredited,
  consumedInOrder,
  OTHER_ACCOUNT_ID,
} from '@ledger/testing';
import { dailyTotalsProjection } from './daily-totals.projection.js';

describe('daily totals', () => {
  const docs = projectInMemory(
    dailyTotalsProjection,
    consumedInOrder([
      aMoneyDeposited({ amount: 100, depositedAt: '2026-03-01T23:59:59.999Z' }),
      aMoneyDeposited({ amount: 50, depositedAt: '2026-03-01T08:00:00.000Z', accountId: OTHER_ACCOUNT_ID }),
      aMoneyWithdrawn({ amount: 30, withdrawnAt: '2026-03-01T09:00:00.000Z' }),
      aTransferCredited({ amount: 700, creditedAt: '2026-03-01T10:00:00.000Z' }),
      aMoneyDeposited({ amount: 7, depositedAt: '2026-03-02T00:00:00.000Z' }),
      aMoneyDeposited({ amount: 9, currency: 'USD', depositedAt: '2026-03-01T10:00:00.000Z' }),
    ]),
  );

  it('count and sum each kind per currency and UTC day, across accounts', () => {
    expect(docs.get('EUR:2026-03-01')).toMatchObject({
      currency: 'EUR',
      day: '2026-03-01',
      deposits: { count: 2, sum: 150 },
      withdrawals: { count: 1, sum: 30 },
      transfers: { count: 1, sum: 700 },
    });
    expect(docs.get('EUR:2026-03-02')).toMatchObject({ deposits: { count: 1, sum: 7 } });
    expect(docs.get('USD:2026-03-01')).toMatchObject({ deposits: { count: 1, sum: 9 } });
    expect(docs.size).toBe(3);
  });
});
