import { assertNever } from '../messages.js';
import type { AccountEvent } from './account.events.js';

export type AccountStatus = 'none' | 'open' | 'frozen' | 'closed';
export type DebitOutcome = 'debited' | 'rejected' | 'refunded';
export type CreditOutcome = 'credited' | 'rejected';

/** Plain serialisable data (no Map/Set) so it can be snapshotted as JSON. */
export type AccountState = {
  status: AccountStatus;
  accountId: string;
  ownerId: string;
  currency: string;
  balance: number;
  overdraftLimit: number;
  openedAt: string;
  updatedAt: string;
  debits: Record<string, { amount: number; outcome: DebitOutcome }>;
  credits: Record<string, CreditOutcome>;
};

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
  debits: {},
  credits: {},
});

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
        debits: { ...state.debits, [transferId]: { amount, outcome: 'debited' } },
      };
    }
    case 'TransferDebitRejected': {
      const { transferId, amount, rejectedAt } = event.data;
      return {
        ...state,
        updatedAt: rejectedAt,
        debits: { ...state.debits, [transferId]: { amount, outcome: 'rejected' } },
      };
    }
    case 'TransferCredited': {
      const { transferId, amount, creditedAt } = event.data;
      return {
        ...state,
        balance: state.balance + amount,
        updatedAt: creditedAt,
        credits: { ...state.credits, [transferId]: 'credited' },
      };
    }
    case 'TransferCreditRejected':
      return {
        ...state,
        updatedAt: event.data.rejectedAt,
        credits: { ...state.credits, [event.data.transferId]: 'rejected' },
      };
    case 'TransferRefunded': {
      const { transferId, amount, refundedAt } = event.data;
      return {
        ...state,
        balance: state.balance + amount,
        updatedAt: refundedAt,
        debits: { ...state.debits, [transferId]: { amount, outcome: 'refunded' } },
      };
    }
    default:
      return assertNever(event, 'account event');
  }
};
