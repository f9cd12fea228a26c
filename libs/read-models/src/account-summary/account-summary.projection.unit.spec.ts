import { projectInMemory } from '@ledger/consumers-mongodb';
import {
  ACCOUNT_ID,
  aMoneyDeposited,
  aMoneyWithdrawn,
  anAccountClosed,
  anAccountFrozen,
  anAccountOpened,
  anAccountUnfrozen,
  aTransferCredited,
  aTransferDebited,
  aTransferDebitSettled,
  aTransferRefunded,
  consumedInOrder,
  LATER,
  NOW,
  OWNER_ID,
} from '@ledger/testing';
import { accountSummaryProjection } from './account-summary.projection.js';

describe('the account summary', () => {
  it('is opened with a zero balance and the account’s owner, currency and limit', () => {
    const docs = projectInMemory(
      accountSummaryProjection,
      consumedInOrder([anAccountOpened({ overdraftLimit: 500 })]),
    );
    expect(docs.get(ACCOUNT_ID)).toEqual({
      _id: ACCOUNT_ID,
      accountId: ACCOUNT_ID,
      ownerId: OWNER_ID,
      currency: 'EUR',
      overdraftLimit: 500,
      status: 'open',
      balance: 0,
      revision: 0,
      openedAt: new Date(NOW),
      updatedAt: new Date(NOW),
      position: 100n,
    });
  });

  it('moves the balance with every deposit, withdrawal and transfer step, and counts revisions', () => {
    const docs = projectInMemory(
      accountSummaryProjection,
      consumedInOrder([
        anAccountOpened(),
        aMoneyDeposited({ amount: 10_000 }),
        aMoneyWithdrawn({ amount: 1_000 }),
        aTransferDebited({ amount: 2_500, transferId: 't1' }),
        aTransferRefunded({ amount: 2_500, transferId: 't1' }),
        aTransferDebited({ amount: 500, transferId: 't2' }),
        aTransferDebitSettled({ amount: 500, transferId: 't2' }),
        aTransferCredited({ amount: 700, transferId: 't3', creditedAt: LATER }),
      ]),
    );
    expect(docs.get(ACCOUNT_ID)).toMatchObject({ balance: 9_200, revision: 7, updatedAt: new Date(LATER) });
  });

  it('follows the status: frozen, open again, closed', () => {
    const project = (events: Parameters<typeof consumedInOrder>[0]) =>
      projectInMemory(accountSummaryProjection, consumedInOrder(events)).get(ACCOUNT_ID)?.status;
    expect(project([anAccountOpened(), anAccountFrozen()])).toBe('frozen');
    expect(project([anAccountOpened(), anAccountFrozen(), anAccountUnfrozen()])).toBe('open');
    expect(project([anAccountOpened(), anAccountClosed()])).toBe('closed');
  });
});
