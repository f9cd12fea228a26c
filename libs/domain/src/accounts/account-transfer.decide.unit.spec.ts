import { accountDecider, IllegalStateError, NotFoundError, type AccountCommand } from '@ledger/domain';
import {
  ACCOUNT_ID,
  aMoneyDeposited,
  anAccountClosed,
  anAccountFrozen,
  anAccountOpened,
  aTransferCredited,
  aTransferCreditRejected,
  aTransferDebited,
  aTransferDebitRejected,
  aTransferRefunded,
  given,
  LATER,
  NOW,
  OTHER_ACCOUNT_ID,
  TRANSFER_ID,
} from '@ledger/testing';

const debit = (amount = 2_500): AccountCommand => ({
  type: 'DebitAccountForTransfer',
  data: { accountId: ACCOUNT_ID, transferId: TRANSFER_ID, toAccountId: OTHER_ACCOUNT_ID, amount, now: NOW },
});
const credit = (currency = 'EUR'): AccountCommand => ({
  type: 'CreditAccountForTransfer',
  data: {
    accountId: ACCOUNT_ID,
    transferId: TRANSFER_ID,
    fromAccountId: OTHER_ACCOUNT_ID,
    amount: 2_500,
    currency,
    now: NOW,
  },
});
const refund = (reason = 'account-closed'): AccountCommand => ({
  type: 'RefundTransfer',
  data: { accountId: ACCOUNT_ID, transferId: TRANSFER_ID, reason, now: NOW },
});

describe('a transfer debit', () => {
  it('takes the amount from an open account that can pay it', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited({ amount: 2_500 })])
      .when(debit())
      .then([aTransferDebited()]);
  });

  it('may use the overdraft', () => {
    given(accountDecider, [anAccountOpened({ overdraftLimit: 2_500 })])
      .when(debit())
      .then([aTransferDebited()]);
  });

  it('is rejected, not thrown, when funds are insufficient', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited({ amount: 2_499 })])
      .when(debit())
      .then([aTransferDebitRejected({ reason: 'insufficient-funds' })]);
  });

  it('is rejected on a frozen account', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), anAccountFrozen()])
      .when(debit())
      .then([aTransferDebitRejected({ reason: 'account-frozen' })]);
  });

  it('is rejected on a closed account', () => {
    given(accountDecider, [anAccountOpened(), anAccountClosed()])
      .when(debit())
      .then([aTransferDebitRejected({ reason: 'account-closed' })]);
  });

  it('throws NotFound for an account that does not exist', () => {
    given(accountDecider, [])
      .when(debit())
      .thenThrows(NotFoundError, { streamType: 'account', id: ACCOUNT_ID });
  });

  it('is not repeated for a transfer already debited', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited()])
      .when(debit())
      .thenNothing();
  });

  it('is not repeated for a transfer already rejected, even once funds arrived', () => {
    given(accountDecider, [anAccountOpened(), aTransferDebitRejected(), aMoneyDeposited({ amount: 99_999 })])
      .when(debit())
      .thenNothing();
  });

  it('is not repeated for a transfer already refunded', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited(), aTransferRefunded()])
      .when(debit())
      .thenNothing();
  });

  it('counts an earlier debit against the balance', () => {
    given(accountDecider, [
      anAccountOpened(),
      aMoneyDeposited({ amount: 3_000 }),
      aTransferDebited({ transferId: 'other' }),
    ])
      .when(debit(501))
      .then([aTransferDebitRejected({ amount: 501, reason: 'insufficient-funds' })]);
  });
});

describe('a transfer credit', () => {
  it('adds the amount to an open account in the same currency', () => {
    given(accountDecider, [anAccountOpened()]).when(credit()).then([aTransferCredited()]);
  });

  it('is accepted by a frozen account', () => {
    given(accountDecider, [anAccountOpened(), anAccountFrozen()]).when(credit()).then([aTransferCredited()]);
  });

  it('is rejected by a closed account', () => {
    given(accountDecider, [anAccountOpened(), anAccountClosed()])
      .when(credit())
      .then([aTransferCreditRejected({ reason: 'account-closed' })]);
  });

  it('is rejected in another currency', () => {
    given(accountDecider, [anAccountOpened()])
      .when(credit('USD'))
      .then([aTransferCreditRejected({ currency: 'USD', reason: 'currency-mismatch' })]);
  });

  it('is rejected when the balance could not hold it', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited({ amount: Number.MAX_SAFE_INTEGER - 2_000 })])
      .when(credit())
      .then([aTransferCreditRejected({ reason: 'balance-limit-exceeded' })]);
  });

  it('throws NotFound for an account that does not exist', () => {
    given(accountDecider, []).when(credit()).thenThrows(NotFoundError, { id: ACCOUNT_ID });
  });

  it('is not repeated for a transfer already credited', () => {
    given(accountDecider, [anAccountOpened(), aTransferCredited()]).when(credit()).thenNothing();
  });

  it('is not repeated for a transfer already rejected', () => {
    given(accountDecider, [anAccountOpened(), aTransferCreditRejected({ currency: 'USD' })])
      .when(credit())
      .thenNothing();
  });
});

describe('a transfer refund', () => {
  it('gives back the debited amount', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited({ amount: 700 })])
      .when(refund('currency-mismatch'))
      .then([aTransferRefunded({ amount: 700, reason: 'currency-mismatch' })]);
  });

  it('goes through on a frozen account', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited(), anAccountFrozen()])
      .when(refund())
      .then([aTransferRefunded()]);
  });

  it('goes through on an account closed since the debit, so no money is lost', () => {
    given(accountDecider, [
      anAccountOpened(),
      aMoneyDeposited({ amount: 2_500 }),
      aTransferDebited(),
      anAccountClosed({ closedAt: LATER }),
    ])
      .when(refund())
      .then([aTransferRefunded()]);
  });

  it('is refused for a transfer this account never debited', () => {
    given(accountDecider, [anAccountOpened()])
      .when(refund())
      .thenThrows(IllegalStateError, { reason: 'transfer-not-debited' });
  });

  it('is refused for a transfer whose debit was rejected', () => {
    given(accountDecider, [anAccountOpened(), aTransferDebitRejected()])
      .when(refund())
      .thenThrows(IllegalStateError, { reason: 'transfer-not-debited' });
  });

  it('is not repeated', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited(), aTransferRefunded()])
      .when(refund())
      .thenNothing();
  });

  it('throws NotFound for an account that does not exist', () => {
    given(accountDecider, []).when(refund()).thenThrows(NotFoundError);
  });
});

describe('account state', () => {
  const fold = (events: Parameters<typeof accountDecider.evolve>[1][]) =>
    events.reduce(accountDecider.evolve, accountDecider.initialState());

  it('moves the balance with every transfer step and stays plain JSON', () => {
    const state = fold([
      anAccountOpened(),
      aMoneyDeposited({ amount: 10_000 }),
      aTransferDebited({ amount: 2_500 }),
      aTransferRefunded({ amount: 2_500 }),
      aTransferCredited({ transferId: 't2', amount: 1_000 }),
    ]);
    expect(state.balance).toBe(11_000);
    expect(state.debits).toEqual({ [TRANSFER_ID]: { amount: 2_500, outcome: 'refunded' } });
    expect(state.credits).toEqual({ t2: 'credited' });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
