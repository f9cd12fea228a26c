import type { Event } from '../messages.js';

export type AccountOpened = Event<
  'AccountOpened',
  {
    accountId: string;
    ownerId: string;
    currency: string;
    overdraftLimit: number;
    openedAt: string;
  }
>;
export type MoneyDeposited = Event<
  'MoneyDeposited',
  {
    accountId: string;
    amount: number;
    currency: string;
    reference?: string;
    /** The account's balance once this applied (v2; null on v1 events, stored before it was kept). */
    balanceAfter: number | null;
    depositedAt: string;
  }
>;
export type MoneyWithdrawn = Event<
  'MoneyWithdrawn',
  {
    accountId: string;
    amount: number;
    currency: string;
    reference?: string;
    /** The account's balance once this applied (v2; null on v1 events, stored before it was kept). */
    balanceAfter: number | null;
    withdrawnAt: string;
  }
>;
export type AccountFrozen = Event<'AccountFrozen', { accountId: string; reason?: string; frozenAt: string }>;
export type AccountUnfrozen = Event<
  'AccountUnfrozen',
  {
    accountId: string;
    reason?: string;
    unfrozenAt: string;
  }
>;
export type AccountClosed = Event<'AccountClosed', { accountId: string; reason?: string; closedAt: string }>;
export type TransferDebited = Event<
  'TransferDebited',
  {
    accountId: string;
    transferId: string;
    toAccountId: string;
    amount: number;
    currency: string;
    /** The account's balance once this applied (v2; null on v1 events, stored before it was kept). */
    balanceAfter: number | null;
    debitedAt: string;
  }
>;
export type TransferDebitRejected = Event<
  'TransferDebitRejected',
  {
    accountId: string;
    transferId: string;
    toAccountId: string;
    amount: number;
    /** The transfer's currency (v2; v1 events read as "XXX", no currency known). */
    currency: string;
    reason: string;
    rejectedAt: string;
  }
>;
export type TransferCredited = Event<
  'TransferCredited',
  {
    accountId: string;
    transferId: string;
    fromAccountId: string;
    amount: number;
    currency: string;
    /** The account's balance once this applied (v2; null on v1 events, stored before it was kept). */
    balanceAfter: number | null;
    creditedAt: string;
  }
>;
export type TransferCreditRejected = Event<
  'TransferCreditRejected',
  {
    accountId: string;
    transferId: string;
    fromAccountId: string;
    amount: number;
    currency: string;
    reason: string;
    rejectedAt: string;
  }
>;
/** The destination was credited: the debit is settled and no longer holds the account open. */
export type TransferDebitSettled = Event<
  'TransferDebitSettled',
  {
    accountId: string;
    transferId: string;
    amount: number;
    currency: string;
    settledAt: string;
  }
>;
export type TransferRefunded = Event<
  'TransferRefunded',
  {
    accountId: string;
    transferId: string;
    amount: number;
    currency: string;
    reason: string;
    /** The account's balance once this applied (v2; null on v1 events, stored before it was kept). */
    balanceAfter: number | null;
    refundedAt: string;
  }
>;

export type AccountEvent =
  | AccountOpened
  | MoneyDeposited
  | MoneyWithdrawn
  | AccountFrozen
  | AccountUnfrozen
  | AccountClosed
  | TransferDebited
  | TransferDebitRejected
  | TransferCredited
  | TransferCreditRejected
  | TransferDebitSettled
  | TransferRefunded;
export type AccountEventType = AccountEvent['type'];

// A record keyed by the union makes the compiler flag a missing event type.
const ACCOUNT_EVENT_TYPE_SET: Record<AccountEventType, true> = {
  AccountOpened: true,
  MoneyDeposited: true,
  MoneyWithdrawn: true,
  AccountFrozen: true,
  AccountUnfrozen: true,
  AccountClosed: true,
  TransferDebited: true,
  TransferDebitRejected: true,
  TransferCredited: true,
  TransferCreditRejected: true,
  TransferDebitSettled: true,
  TransferRefunded: true,
};
export const ACCOUNT_EVENT_TYPES = Object.freeze(
  Object.keys(ACCOUNT_EVENT_TYPE_SET) as AccountEventType[],
) as readonly AccountEventType[];
