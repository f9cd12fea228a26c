import { projectInMemory } from '@ledger/consumers-mongodb';
import {
  ACCOUNT_ID,
  aMoneyDeposited,
  aMoneyWithdrawn,
  anAccountFrozen,
  anAccountOpened,
  aTransferCredited,
  aTransferDebited,
  aTransferRefunded,
  consumedInOrder,
  NOW,
  OTHER_ACCOUNT_ID,
} from '@ledger/testing';
import { ledgerEntriesProjection } from './ledger-entries.projection.js';

describe('the ledger entries of an account', () => {
  const docs = projectInMemory(
    ledgerEntriesProjection,
    consumedInOrder([
      anAccountOpened(),
      aMoneyDeposited({ amount: 10_000, reference: 'salary', balanceAfter: 10_000 }),
      anAccountFrozen(),
      aMoneyWithdrawn({ amount: 1_000, balanceAfter: 9_000 }),
      aTransferDebited({ amount: 2_500, transferId: 't1', balanceAfter: 6_500 }),
      aTransferRefunded({ amount: 2_500, transferId: 't1', balanceAfter: 9_000 }),
      aTransferCredited({ amount: 700, transferId: 't2', balanceAfter: 9_700 }),
      aMoneyDeposited({ amount: 5, balanceAfter: null }),
    ]),
  );

  it('holds one entry per money movement, keyed by the event’s revision', () => {
    expect([...docs.keys()]).toEqual([1, 3, 4, 5, 6, 7].map((revision) => `${ACCOUNT_ID}:${revision}`));
  });

  it('signs each amount and keeps the balance after it', () => {
    expect([...docs.values()].map((d) => [d.kind, d.amount, d.balanceAfter])).toEqual([
      ['deposit', 10_000, 10_000],
      ['withdrawal', -1_000, 9_000],
      ['transfer-debit', -2_500, 6_500],
      ['transfer-refund', 2_500, 9_000],
      ['transfer-credit', 700, 9_700],
      ['deposit', 5, null],
    ]);
  });

  it('keeps the reference, the transfer and its counterparty', () => {
    expect(docs.get(`${ACCOUNT_ID}:1`)).toEqual({
      _id: `${ACCOUNT_ID}:1`,
      accountId: ACCOUNT_ID,
      revision: 1,
      kind: 'deposit',
      amount: 10_000,
      currency: 'EUR',
      balanceAfter: 10_000,
      reference: 'salary',
      occurredAt: new Date(NOW),
      position: 200n,
    });
    expect(docs.get(`${ACCOUNT_ID}:4`)).toMatchObject({
      transferId: 't1',
      counterpartyAccountId: OTHER_ACCOUNT_ID,
    });
  });
});
