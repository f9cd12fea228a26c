import {
  accountDecider,
  AlreadyExistsError,
  IllegalStateError,
  InsufficientFundsError,
  NotFoundError,
  ValidationError,
} from '@ledger/domain';
import {
  ACCOUNT_ID,
  aMoneyDeposited,
  aMoneyWithdrawn,
  anAccountClosed,
  anAccountFrozen,
  anAccountOpened,
  anAccountUnfrozen,
  aTransferDebited,
  aTransferDebitSettled,
  given,
  NOW,
  OWNER_ID,
} from '@ledger/testing';

const open = { accountId: ACCOUNT_ID, ownerId: OWNER_ID, currency: 'EUR', overdraftLimit: 500, now: NOW };

describe('an account that does not exist', () => {
  const noAccount = () => given(accountDecider, []);

  it('opens with its owner, currency and overdraft limit', () => {
    noAccount()
      .when({ type: 'OpenAccount', data: open })
      .then([anAccountOpened({ overdraftLimit: 500 })]);
  });

  it('refuses an unknown currency', () => {
    noAccount()
      .when({ type: 'OpenAccount', data: { ...open, currency: 'EURO' } })
      .thenThrows(ValidationError, { fields: [{ field: 'currency', message: expect.any(String) }] });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses an overdraft limit of %p', (limit) => {
    noAccount()
      .when({ type: 'OpenAccount', data: { ...open, overdraftLimit: limit } })
      .thenThrows(ValidationError, { fields: [{ field: 'overdraftLimit', message: expect.any(String) }] });
  });

  it.each([
    ['DepositMoney', { type: 'DepositMoney', data: { accountId: ACCOUNT_ID, amount: 1, now: NOW } }],
    ['WithdrawMoney', { type: 'WithdrawMoney', data: { accountId: ACCOUNT_ID, amount: 1, now: NOW } }],
    ['FreezeAccount', { type: 'FreezeAccount', data: { accountId: ACCOUNT_ID, now: NOW } }],
    ['UnfreezeAccount', { type: 'UnfreezeAccount', data: { accountId: ACCOUNT_ID, now: NOW } }],
    ['CloseAccount', { type: 'CloseAccount', data: { accountId: ACCOUNT_ID, now: NOW } }],
  ] as const)('refuses %s as not found', (_name, command) => {
    noAccount().when(command).thenThrows(NotFoundError, { streamType: 'account', id: ACCOUNT_ID });
  });
});

describe('an open account', () => {
  const funded = (balance: number, overdraftLimit = 0) =>
    given(accountDecider, [anAccountOpened({ overdraftLimit }), aMoneyDeposited({ amount: balance })]);

  it('cannot be opened again', () => {
    given(accountDecider, [anAccountOpened()])
      .when({ type: 'OpenAccount', data: open })
      .thenThrows(AlreadyExistsError, { streamType: 'account', id: ACCOUNT_ID });
  });

  it('takes a deposit in its own currency, keeping the reference', () => {
    given(accountDecider, [anAccountOpened()])
      .when({
        type: 'DepositMoney',
        data: { accountId: ACCOUNT_ID, amount: 1_500, reference: 'salary', now: NOW },
      })
      .then([aMoneyDeposited({ amount: 1_500, reference: 'salary', balanceAfter: 1_500 })]);
  });

  it.each([0, -10, 12.5, Number.NaN])('refuses a deposit of %p', (amount) => {
    given(accountDecider, [anAccountOpened()])
      .when({ type: 'DepositMoney', data: { accountId: ACCOUNT_ID, amount, now: NOW } })
      .thenThrows(ValidationError, { fields: [{ field: 'amount', message: expect.any(String) }] });
  });

  it('refuses a deposit that would push the balance past MAX_SAFE_INTEGER', () => {
    funded(Number.MAX_SAFE_INTEGER)
      .when({ type: 'DepositMoney', data: { accountId: ACCOUNT_ID, amount: 1, now: NOW } })
      .thenThrows(ValidationError);
  });

  it('pays out a withdrawal covered by the balance', () => {
    funded(1_000)
      .when({ type: 'WithdrawMoney', data: { accountId: ACCOUNT_ID, amount: 1_000, now: NOW } })
      .then([aMoneyWithdrawn({ amount: 1_000, balanceAfter: 0 })]);
  });

  it('pays out a withdrawal into the overdraft, down to exactly −overdraftLimit', () => {
    funded(1_000, 500)
      .when({ type: 'WithdrawMoney', data: { accountId: ACCOUNT_ID, amount: 1_500, now: NOW } })
      .then([aMoneyWithdrawn({ amount: 1_500, balanceAfter: -500 })]);
  });

  it('refuses a withdrawal past the overdraft limit', () => {
    funded(1_000, 500)
      .when({ type: 'WithdrawMoney', data: { accountId: ACCOUNT_ID, amount: 1_501, now: NOW } })
      .thenThrows(InsufficientFundsError, {
        accountId: ACCOUNT_ID,
        balance: 1_000,
        amount: 1_501,
        overdraftLimit: 500,
      });
  });

  it('counts earlier withdrawals against the balance', () => {
    given(accountDecider, [
      anAccountOpened(),
      aMoneyDeposited({ amount: 1_000 }),
      aMoneyWithdrawn({ amount: 600 }),
    ])
      .when({ type: 'WithdrawMoney', data: { accountId: ACCOUNT_ID, amount: 401, now: NOW } })
      .thenThrows(InsufficientFundsError, { balance: 400 });
  });

  it('freezes, with the reason', () => {
    given(accountDecider, [anAccountOpened()])
      .when({ type: 'FreezeAccount', data: { accountId: ACCOUNT_ID, reason: 'fraud check', now: NOW } })
      .then([anAccountFrozen({ reason: 'fraud check' })]);
  });

  it('cannot be unfrozen', () => {
    given(accountDecider, [anAccountOpened()])
      .when({ type: 'UnfreezeAccount', data: { accountId: ACCOUNT_ID, now: NOW } })
      .thenThrows(IllegalStateError, { reason: 'account-not-frozen' });
  });

  it('closes when empty', () => {
    given(accountDecider, [
      anAccountOpened(),
      aMoneyDeposited({ amount: 300 }),
      aMoneyWithdrawn({ amount: 300 }),
    ])
      .when({ type: 'CloseAccount', data: { accountId: ACCOUNT_ID, now: NOW } })
      .then([anAccountClosed()]);
  });

  it.each([300, -200])('does not close with a balance of %p', (balance) => {
    const events =
      balance > 0
        ? [anAccountOpened(), aMoneyDeposited({ amount: balance })]
        : [anAccountOpened({ overdraftLimit: 500 }), aMoneyWithdrawn({ amount: -balance })];
    given(accountDecider, events)
      .when({ type: 'CloseAccount', data: { accountId: ACCOUNT_ID, now: NOW } })
      .thenThrows(IllegalStateError, { reason: 'account-not-empty' });
  });

  it('does not close at balance 0 while a transfer debit is unsettled (a refund could still land)', () => {
    given(accountDecider, [anAccountOpened(), aMoneyDeposited({ amount: 2_500 }), aTransferDebited()])
      .when({ type: 'CloseAccount', data: { accountId: ACCOUNT_ID, now: NOW } })
      .thenThrows(IllegalStateError, { reason: 'transfers-unsettled' });
  });

  it('closes once its transfer debits have settled', () => {
    given(accountDecider, [
      anAccountOpened(),
      aMoneyDeposited({ amount: 2_500 }),
      aTransferDebited(),
      aTransferDebitSettled(),
    ])
      .when({ type: 'CloseAccount', data: { accountId: ACCOUNT_ID, now: NOW } })
      .then([anAccountClosed()]);
  });
});

describe('a frozen account', () => {
  const frozen = () =>
    given(accountDecider, [anAccountOpened(), aMoneyDeposited({ amount: 1_000 }), anAccountFrozen()]);

  it('still takes deposits', () => {
    frozen()
      .when({ type: 'DepositMoney', data: { accountId: ACCOUNT_ID, amount: 100, now: NOW } })
      .then([aMoneyDeposited({ amount: 100, balanceAfter: 1_100 })]);
  });

  it('refuses withdrawals', () => {
    frozen()
      .when({ type: 'WithdrawMoney', data: { accountId: ACCOUNT_ID, amount: 100, now: NOW } })
      .thenThrows(IllegalStateError, { reason: 'account-frozen' });
  });

  it('cannot be frozen again', () => {
    frozen()
      .when({ type: 'FreezeAccount', data: { accountId: ACCOUNT_ID, now: NOW } })
      .thenThrows(IllegalStateError, { reason: 'account-frozen' });
  });

  it('unfreezes', () => {
    frozen()
      .when({ type: 'UnfreezeAccount', data: { accountId: ACCOUNT_ID, reason: 'cleared', now: NOW } })
      .then([anAccountUnfrozen({ reason: 'cleared' })]);
  });

  it('closes when empty', () => {
    given(accountDecider, [anAccountOpened(), anAccountFrozen()])
      .when({ type: 'CloseAccount', data: { accountId: ACCOUNT_ID, now: NOW } })
      .then([anAccountClosed()]);
  });
});

describe('an unfrozen account', () => {
  it('pays out withdrawals again', () => {
    given(accountDecider, [
      anAccountOpened(),
      aMoneyDeposited({ amount: 1_000 }),
      anAccountFrozen(),
      anAccountUnfrozen(),
    ])
      .when({ type: 'WithdrawMoney', data: { accountId: ACCOUNT_ID, amount: 100, now: NOW } })
      .then([aMoneyWithdrawn({ amount: 100, balanceAfter: 900 })]);
  });
});

describe('a closed account', () => {
  const closed = () => given(accountDecider, [anAccountOpened(), anAccountClosed()]);

  it.each([
    ['DepositMoney', { type: 'DepositMoney', data: { accountId: ACCOUNT_ID, amount: 1, now: NOW } }],
    ['WithdrawMoney', { type: 'WithdrawMoney', data: { accountId: ACCOUNT_ID, amount: 1, now: NOW } }],
    ['FreezeAccount', { type: 'FreezeAccount', data: { accountId: ACCOUNT_ID, now: NOW } }],
    ['UnfreezeAccount', { type: 'UnfreezeAccount', data: { accountId: ACCOUNT_ID, now: NOW } }],
    ['CloseAccount', { type: 'CloseAccount', data: { accountId: ACCOUNT_ID, now: NOW } }],
  ] as const)('refuses %s', (_name, command) => {
    closed().when(command).thenThrows(IllegalStateError, { reason: 'account-closed' });
  });

  it('cannot be opened again under the same id', () => {
    closed().when({ type: 'OpenAccount', data: open }).thenThrows(AlreadyExistsError);
  });
});
