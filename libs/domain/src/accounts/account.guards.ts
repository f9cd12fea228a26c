import { IllegalStateError, NotFoundError } from '../errors/domain.error.js';
import type { AccountState } from './account.js';

// Optional text fields are left out rather than stored as undefined, so events stay clean JSON.
export const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };

export const existing = (state: AccountState, accountId: string): AccountState => {
  if (state.status === 'none') throw new NotFoundError('account', accountId);
  return state;
};

export const notClosed = (state: AccountState): AccountState => {
  if (state.status === 'closed') {
    throw new IllegalStateError(`account ${state.accountId} is closed`, 'account-closed');
  }
  return state;
};

export const canPay = (state: AccountState, amount: number): boolean =>
  state.balance - amount >= -state.overdraftLimit;
