import type {
  AccountClosed,
  AccountFrozen,
  AccountOpened,
  AccountUnfrozen,
  MoneyDeposited,
  MoneyWithdrawn,
  TransferCredited,
  TransferCreditRejected,
  TransferDebited,
  TransferDebitRejected,
  TransferDebitSettled,
  TransferRefunded,
} from '@ledger/domain';
import { ACCOUNT_ID, NOW, OTHER_ACCOUNT_ID, OWNER_ID, TRANSFER_ID } from './fixture.ids.js';

// Each builder gives a valid event on ACCOUNT_ID; a test overrides only what its rule is about.
export const anAccountOpened = (o: Partial<AccountOpened['data']> = {}): AccountOpened => ({
  type: 'AccountOpened',
  data: { accountId: ACCOUNT_ID, ownerId: OWNER_ID, currency: 'EUR', overdraftLimit: 0, openedAt: NOW, ...o },
});
export const aMoneyDeposited = (o: Partial<MoneyDeposited['data']> = {}): MoneyDeposited => ({
  type: 'MoneyDeposited',
  data: {
    accountId: ACCOUNT_ID,
    amount: 10_000,
    currency: 'EUR',
    balanceAfter: null,
    depositedAt: NOW,
    ...o,
  },
});
export const aMoneyWithdrawn = (o: Partial<MoneyWithdrawn['data']> = {}): MoneyWithdrawn => ({
  type: 'MoneyWithdrawn',
  data: { accountId: ACCOUNT_ID, amount: 1_000, currency: 'EUR', balanceAfter: null, withdrawnAt: NOW, ...o },
});
export const anAccountFrozen = (o: Partial<AccountFrozen['data']> = {}): AccountFrozen => ({
  type: 'AccountFrozen',
  data: { accountId: ACCOUNT_ID, frozenAt: NOW, ...o },
});
export const anAccountUnfrozen = (o: Partial<AccountUnfrozen['data']> = {}): AccountUnfrozen => ({
  type: 'AccountUnfrozen',
  data: { accountId: ACCOUNT_ID, unfrozenAt: NOW, ...o },
});
export const anAccountClosed = (o: Partial<AccountClosed['data']> = {}): AccountClosed => ({
  type: 'AccountClosed',
  data: { accountId: ACCOUNT_ID, closedAt: NOW, ...o },
});
export const aTransferDebited = (o: Partial<TransferDebited['data']> = {}): TransferDebited => ({
  type: 'TransferDebited',
  data: {
    accountId: ACCOUNT_ID,
    transferId: TRANSFER_ID,
    toAccountId: OTHER_ACCOUNT_ID,
    amount: 2_500,
    currency: 'EUR',
    balanceAfter: null,
    debitedAt: NOW,
    ...o,
  },
});
export const aTransferDebitRejected = (
  o: Partial<TransferDebitRejected['data']> = {},
): TransferDebitRejected => ({
  type: 'TransferDebitRejected',
  data: {
    accountId: ACCOUNT_ID,
    transferId: TRANSFER_ID,
    toAccountId: OTHER_ACCOUNT_ID,
    amount: 2_500,
    currency: 'EUR',
    reason: 'insufficient-funds',
    rejectedAt: NOW,
    ...o,
  },
});
export const aTransferCredited = (o: Partial<TransferCredited['data']> = {}): TransferCredited => ({
  type: 'TransferCredited',
  data: {
    accountId: ACCOUNT_ID,
    transferId: TRANSFER_ID,
    fromAccountId: OTHER_ACCOUNT_ID,
    amount: 2_500,
    currency: 'EUR',
    balanceAfter: null,
    creditedAt: NOW,
    ...o,
  },
});
export const aTransferCreditRejected = (
  o: Partial<TransferCreditRejected['data']> = {},
): TransferCreditRejected => ({
  type: 'TransferCreditRejected',
  data: {
    accountId: ACCOUNT_ID,
    transferId: TRANSFER_ID,
    fromAccountId: OTHER_ACCOUNT_ID,
    amount: 2_500,
    currency: 'EUR',
    reason: 'account-closed',
    rejectedAt: NOW,
    ...o,
  },
});
export const aTransferDebitSettled = (
  o: Partial<TransferDebitSettled['data']> = {},
): TransferDebitSettled => ({
  type: 'TransferDebitSettled',
  data: {
    accountId: ACCOUNT_ID,
    transferId: TRANSFER_ID,
    amount: 2_500,
    currency: 'EUR',
    settledAt: NOW,
    ...o,
  },
});
export const aTransferRefunded = (o: Partial<TransferRefunded['data']> = {}): TransferRefunded => ({
  type: 'TransferRefunded',
  data: {
    accountId: ACCOUNT_ID,
    transferId: TRANSFER_ID,
    amount: 2_500,
    currency: 'EUR',
    reason: 'account-closed',
    balanceAfter: null,
    refundedAt: NOW,
    ...o,
  },
});
