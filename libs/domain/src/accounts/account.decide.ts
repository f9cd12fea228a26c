import { AlreadyExistsError, IllegalStateError, InsufficientFundsError } from '../errors/domain.error.js';
import { assertNever, type Decider } from '../messages.js';
import { addMoney, assertMinorUnits, assertPositiveMinorUnits } from '../money/money.js';
import { assertCurrency } from '../money/currency-codes.js';
import type { AccountEvent } from './account.events.js';
import {
  ACCOUNT_STATE_VERSION,
  evolveAccount,
  initialAccountState,
  isAccountState,
  type AccountState,
} from './account.js';
import type {
  AccountCommand,
  CloseAccount,
  DepositMoney,
  FreezeAccount,
  OpenAccount,
  UnfreezeAccount,
  WithdrawMoney,
} from './account.commands.js';
import {
  creditAccountForTransfer,
  debitAccountForTransfer,
  refundTransfer,
  settleTransferDebit,
} from './account-transfer.decide.js';
import { canPay, existing, notClosed, optional } from './account.guards.js';

export const openAccount = ({ data }: OpenAccount, state: AccountState): AccountEvent[] => {
  assertCurrency(data.currency);
  assertMinorUnits(data.overdraftLimit, 'overdraftLimit');
  if (state.status !== 'none') throw new AlreadyExistsError('account', data.accountId);
  const { accountId, ownerId, currency, overdraftLimit, now } = data;
  return [{ type: 'AccountOpened', data: { accountId, ownerId, currency, overdraftLimit, openedAt: now } }];
};

export const depositMoney = ({ data }: DepositMoney, state: AccountState): AccountEvent[] => {
  assertPositiveMinorUnits(data.amount, 'amount');
  const account = notClosed(existing(state, data.accountId));
  const { currency } = account;
  // Throws if the balance would pass MAX_SAFE_INTEGER, where it could no longer be exact.
  addMoney({ amount: account.balance, currency }, { amount: data.amount, currency });
  return [
    {
      type: 'MoneyDeposited',
      data: {
        accountId: data.accountId,
        amount: data.amount,
        currency,
        ...optional('reference', data.reference),
        balanceAfter: account.balance + data.amount,
        depositedAt: data.now,
      },
    },
  ];
};

export const withdrawMoney = ({ data }: WithdrawMoney, state: AccountState): AccountEvent[] => {
  assertPositiveMinorUnits(data.amount, 'amount');
  const account = notClosed(existing(state, data.accountId));
  if (account.status === 'frozen') {
    throw new IllegalStateError(`account ${data.accountId} is frozen`, 'account-frozen');
  }
  if (!canPay(account, data.amount)) {
    throw new InsufficientFundsError(data.accountId, account.balance, data.amount, account.overdraftLimit);
  }
  return [
    {
      type: 'MoneyWithdrawn',
      data: {
        accountId: data.accountId,
        amount: data.amount,
        currency: account.currency,
        ...optional('reference', data.reference),
        balanceAfter: account.balance - data.amount,
        withdrawnAt: data.now,
      },
    },
  ];
};

export const freezeAccount = ({ data }: FreezeAccount, state: AccountState): AccountEvent[] => {
  const account = notClosed(existing(state, data.accountId));
  if (account.status === 'frozen') {
    throw new IllegalStateError(`account ${data.accountId} is already frozen`, 'account-frozen');
  }
  const event = { accountId: data.accountId, ...optional('reason', data.reason), frozenAt: data.now };
  return [{ type: 'AccountFrozen', data: event }];
};

export const unfreezeAccount = ({ data }: UnfreezeAccount, state: AccountState): AccountEvent[] => {
  const account = notClosed(existing(state, data.accountId));
  if (account.status !== 'frozen') {
    throw new IllegalStateError(`account ${data.accountId} is not frozen`, 'account-not-frozen');
  }
  const event = { accountId: data.accountId, ...optional('reason', data.reason), unfrozenAt: data.now };
  return [{ type: 'AccountUnfrozen', data: event }];
};

export const closeAccount = ({ data }: CloseAccount, state: AccountState): AccountEvent[] => {
  const account = notClosed(existing(state, data.accountId));
  if (account.balance !== 0) {
    throw new IllegalStateError(
      `account ${data.accountId} has balance ${account.balance}; only an empty account can close`,
      'account-not-empty',
    );
  }
  const unsettled = Object.keys(account.pendingDebits);
  if (unsettled.length > 0) {
    // A refund could still land on it: it waits until its transfers settle.
    throw new IllegalStateError(
      `account ${data.accountId} has ${unsettled.length} unsettled transfer(s) (${unsettled.slice(0, 3).join(', ')}); it can close once they settle`,
      'transfers-unsettled',
    );
  }
  const event = { accountId: data.accountId, ...optional('reason', data.reason), closedAt: data.now };
  return [{ type: 'AccountClosed', data: event }];
};

export const decideAccount = (command: AccountCommand, state: AccountState): AccountEvent[] => {
  switch (command.type) {
    case 'OpenAccount':
      return openAccount(command, state);
    case 'DepositMoney':
      return depositMoney(command, state);
    case 'WithdrawMoney':
      return withdrawMoney(command, state);
    case 'FreezeAccount':
      return freezeAccount(command, state);
    case 'UnfreezeAccount':
      return unfreezeAccount(command, state);
    case 'CloseAccount':
      return closeAccount(command, state);
    case 'DebitAccountForTransfer':
      return debitAccountForTransfer(command, state);
    case 'CreditAccountForTransfer':
      return creditAccountForTransfer(command, state);
    case 'SettleTransferDebit':
      return settleTransferDebit(command, state);
    case 'RefundTransfer':
      return refundTransfer(command, state);
    default:
      return assertNever(command, 'account command');
  }
};

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  decide: decideAccount,
  evolve: evolveAccount,
  initialState: initialAccountState,
  snapshot: { stateVersion: ACCOUNT_STATE_VERSION, isState: isAccountState },
};
