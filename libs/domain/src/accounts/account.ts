import { assertNever } from '../messages.js';
import type { AccountEvent } from './account.events.js';

export type AccountStatus = 'none' | 'open' | 'frozen' | 'closed';
/** What this account did last about a transfer it is done with (remembered for redeliveries). */
export type TransferStepOutcome =
  'debit-rejected' | 'debit-settled' | 'refunded' | 'credited' | 'credit-rejected';

/**
 * Only what decisions need, and bounded: the transfers still unsettled on the account (debited,
 * waiting for the credit or a refund) and the last RECENT_TRANSFERS_KEPT transfers it finished,
 * so a redelivered workflow step does nothing. Older redeliveries are caught by the workflow's
 * idempotency keys. Plain JSON (no Map/Set) so it can be snapshotted.
 */
export type AccountState = {
  status: AccountStatus;
  accountId: string;
  ownerId: string;
  currency: string;
  balance: number;
  overdraftLimit: number;
  openedAt: string;
  updatedAt: string;
  /** transferId → amount debited and not yet settled or refunded. */
  pendingDebits: Record<string, number>;
  /** [transferId, outcome], oldest first, at most RECENT_TRANSFERS_KEPT. */
  recentTransfers: [string, TransferStepOutcome][];
};

/** Bumped whenever AccountState changes shape: snapshots of another version are ignored. */
export const ACCOUNT_STATE_VERSION = 2;
export const RECENT_TRANSFERS_KEPT = 256;

export const accountStreamName = (accountId: string): string => `account-${accountId}`;

export const initialAccountState = (): AccountState => ({
  status: 'none',
  accountId: '',
  ownerId: '',
  currency: '',
  balance: 0,
  overdraftLimit: 0,
  openedAt: '',
  updatedAt: '',
  pendingDebits: {},
  recentTransfers: [],
});

export const recentOutcome = (state: AccountState, transferId: string): TransferStepOutcome | undefined =>
  state.recentTransfers.find(([id]) => id === transferId)?.[1];

const finished = (
  state: AccountState,
  transferId: string,
  outcome: TransferStepOutcome,
): Pick<AccountState, 'pendingDebits' | 'recentTransfers'> => {
  const { [transferId]: _settled, ...pendingDebits } = state.pendingDebits;
  const recent = state.recentTransfers.filter(([id]) => id !== transferId);
  recent.push([transferId, outcome]);
  return { pendingDebits, recentTransfers: recent.slice(-RECENT_TRANSFERS_KEPT) };
};

// Events are facts already decided: evolve applies them without re-checking rules.
export const evolveAccount = (state: AccountState, event: AccountEvent): AccountState => {
  switch (event.type) {
    case 'AccountOpened': {
      const { accountId, ownerId, currency, overdraftLimit, openedAt } = event.data;
      return {
        ...state,
        status: 'open',
        accountId,
        ownerId,
        currency,
        overdraftLimit,
        openedAt,
        updatedAt: openedAt,
      };
    }
    case 'MoneyDeposited':
      return { ...state, balance: state.balance + event.data.amount, updatedAt: event.data.depositedAt };
    case 'MoneyWithdrawn':
      return { ...state, balance: state.balance - event.data.amount, updatedAt: event.data.withdrawnAt };
    case 'AccountFrozen':
      return { ...state, status: 'frozen', updatedAt: event.data.frozenAt };
    case 'AccountUnfrozen':
      return { ...state, status: 'open', updatedAt: event.data.unfrozenAt };
    case 'AccountClosed':
      return { ...state, status: 'closed', updatedAt: event.data.closedAt };
    case 'TransferDebited': {
      const { transferId, amount, debitedAt } = event.data;
      return {
        ...state,
        balance: state.balance - amount,
        updatedAt: debitedAt,
        pendingDebits: { ...state.pendingDebits, [transferId]: amount },
      };
    }
    case 'TransferDebitRejected':
      return {
        ...state,
        updatedAt: event.data.rejectedAt,
        ...finished(state, event.data.transferId, 'debit-rejected'),
      };
    case 'TransferDebitSettled':
      return {
        ...state,
        updatedAt: event.data.settledAt,
        ...finished(state, event.data.transferId, 'debit-settled'),
      };
    case 'TransferCredited': {
      const { transferId, amount, creditedAt } = event.data;
      return {
        ...state,
        balance: state.balance + amount,
        updatedAt: creditedAt,
        ...finished(state, transferId, 'credited'),
      };
    }
    case 'TransferCreditRejected':
      return {
        ...state,
        updatedAt: event.data.rejectedAt,
        ...finished(state, event.data.transferId, 'credit-rejected'),
      };
    case 'TransferRefunded': {
      const { transferId, amount, refundedAt } = event.data;
      return {
        ...state,
        balance: state.balance + amount,
        updatedAt: refundedAt,
        ...finished(state, transferId, 'refunded'),
      };
    }
    default:
      return assertNever(event, 'account event');
  }
};

/** A snapshot's state is trusted only if it has this shape (a corrupt one is rebuilt from events). */
export const isAccountState = (value: unknown): value is AccountState => {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    ['none', 'open', 'frozen', 'closed'].includes(s.status as string) &&
    ['accountId', 'ownerId', 'currency', 'openedAt', 'updatedAt'].every((k) => typeof s[k] === 'string') &&
    Number.isSafeInteger(s.balance) &&
    Number.isSafeInteger(s.overdraftLimit) &&
    typeof s.pendingDebits === 'object' &&
    s.pendingDebits !== null &&
    Object.values(s.pendingDebits).every((amount) => Number.isSafeInteger(amount)) &&
    Array.isArray(s.recentTransfers) &&
    s.recentTransfers.every(
      (entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string',
    )
  );
};
