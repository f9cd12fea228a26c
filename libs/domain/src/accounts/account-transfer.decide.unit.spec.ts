import {
  accountDecider,
  IllegalStateError,
  NotFoundError,
  RECENT_TRANSFERS_KEPT,
  type AccountCommand,
  type AccountEvent,
} from '@ledger/domain';
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
  aTransferDebitSettled,
  aTransferRefunded,
  given,
  NOW,
  OTHER_ACCOUNT_ID,
  TRANSFER_ID,
} from '@ledger/testing';

const debit = (amount = 2_500): AccountCommand => ({
  type: 'DebitAccountForTransfer',
  data: {
    accountId: ACCOUNT_ID,
    transferId: TRANSFER_ID,
    toAccountId: OTHER_ACCOUNT_ID,
    amount,
    currency: 'EUR',
    now: NOW,
  },
});
const settle = (): AccountCommand => ({
  type: 'SettleTransferDebit',
  data: { accountId: ACCOUNT_ID, transferId: TRANSFER_ID, now: NOW },
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
      .then([aTransferDebited({ balanceAfter: 0 })]);
  });

  it('may use the overdraft', () => {
    given(accountDecider, [anAccountOpened({ overdraftLimit: 2_500 })])
      .when(debit())
      .then([aTransferDebited({ balanceAfter: -2_500 })]);
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

  it('is rejected when the transfer is in another currency than the account', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited()])
      .when({ ...debit(), data: { ...debit().data, currency: 'USD' } } as AccountCommand)
      .then([aTransferDebitRejected({ currency: 'USD', reason: 'currency-mismatch' })]);
  });

  it('is not repeated for a transfer already settled', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited(), aTransferDebitSettled()])
      .when(debit())
      .thenNothing();
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
    given(accountDecider, [anAccountOpened()])
      .when(credit())
      .then([aTransferCredited({ balanceAfter: 2_500 })]);
  });

  it('is accepted by a frozen account', () => {
    given(accountDecider, [anAccountOpened(), anAccountFrozen()])
      .when(credit())
      .then([aTransferCredited({ balanceAfter: 2_500 })]);
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
      .then([aTransferRefunded({ amount: 700, reason: 'currency-mismatch', balanceAfter: 10_000 })]);
  });

  it('goes through on a frozen account', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited(), anAccountFrozen()])
      .when(refund())
      .then([aTransferRefunded({ balanceAfter: 10_000 })]);
  });

  it('is refused once the debit settled (the destination took the money)', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited(), aTransferDebitSettled()])
      .when(refund())
      .thenThrows(IllegalStateError, { reason: 'transfer-not-debited' });
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

describe('a settlement of a transfer debit', () => {
  it('records that the debited amount is final', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited({ amount: 700 })])
      .when(settle())
      .then([aTransferDebitSettled({ amount: 700, settledAt: NOW })]);
  });

  it('does nothing for a transfer that is not pending (repeated, refunded or unknown)', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited(), aTransferDebitSettled()])
      .when(settle())
      .thenNothing();
    given(accountDecider, [anAccountOpened(), aMoneyDeposited(), aTransferDebited(), aTransferRefunded()])
      .when(settle())
      .thenNothing();
    given(accountDecider, [anAccountOpened()]).when(settle()).thenNothing();
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
    expect(state.pendingDebits).toEqual({});
    expect(state.recentTransfers).toEqual([
      [TRANSFER_ID, 'refunded'],
      ['t2', 'credited'],
    ]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('holds a debit as pending until it settles', () => {
    const pending = fold([anAccountOpened(), aMoneyDeposited(), aTransferDebited({ amount: 900 })]);
    expect(pending.pendingDebits).toEqual({ [TRANSFER_ID]: 900 });
    const settled = accountDecider.evolve(pending, aTransferDebitSettled({ amount: 900 }));
    expect(settled.pendingDebits).toEqual({});
    expect(settled.balance).toBe(pending.balance);
  });

  it('stays bounded however many transfers the account has seen', () => {
    const events: AccountEvent[] = [anAccountOpened(), aMoneyDeposited({ amount: 1_000_000 })];
    for (let i = 0; i < 3 * RECENT_TRANSFERS_KEPT; i++) {
      events.push(
        aTransferDebited({ transferId: `t${i}`, amount: 1 }),
        aTransferDebitSettled({ transferId: `t${i}`, amount: 1 }),
      );
      events.push(aTransferCredited({ transferId: `c${i}`, amount: 1 }));
    }
    const state = fold(events);
    expect(state.recentTransfers).toHaveLength(RECENT_TRANSFERS_KEPT);
    expect(state.recentTransfers.at(-1)).toEqual([`c${3 * RECENT_TRANSFERS_KEPT - 1}`, 'credited']);
    expect(state.pendingDebits).toEqual({});
    expect(state.balance).toBe(1_000_000);
  });
});
