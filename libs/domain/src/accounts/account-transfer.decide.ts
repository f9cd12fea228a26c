import { assertPositiveMinorUnits } from '../money/money.js';
import type { AccountEvent } from './account.events.js';
import { recentOutcome, type AccountState } from './account.js';
import type {
  CreditAccountForTransfer,
  DebitAccountForTransfer,
  RefundTransfer,
  SettleTransferDebit,
} from './account.commands.js';
import { canPay, existing } from './account.guards.js';
import { IllegalStateError } from '../errors/domain.error.js';

const debitRefusal = (account: AccountState, amount: number, currency: string): string | undefined => {
  if (account.status === 'closed') return 'account-closed';
  if (account.status === 'frozen') return 'account-frozen';
  if (currency !== account.currency) return 'currency-mismatch';
  if (!canPay(account, amount)) return 'insufficient-funds';
  return undefined;
};

// Refusing an unrepresentable balance (beyond the contract's reasons) lets the source be refunded.
const creditRefusal = (account: AccountState, amount: number, currency: string): string | undefined => {
  if (account.status === 'closed') return 'account-closed';
  if (currency !== account.currency) return 'currency-mismatch';
  if (!Number.isSafeInteger(account.balance + amount)) return 'balance-limit-exceeded';
  return undefined;
};

const alreadyHandled = (account: AccountState, transferId: string): boolean =>
  account.pendingDebits[transferId] !== undefined || recentOutcome(account, transferId) !== undefined;

// Workflow steps are redelivered at least once, so each is idempotent per transfer id, and a
// business refusal is an event (the workflow reacts to it), not a throw.
export const debitAccountForTransfer = (
  { data }: DebitAccountForTransfer,
  state: AccountState,
): AccountEvent[] => {
  assertPositiveMinorUnits(data.amount, 'amount');
  const account = existing(state, data.accountId);
  if (alreadyHandled(account, data.transferId)) return [];
  const { accountId, transferId, toAccountId, amount, currency, now } = data;
  const reason = debitRefusal(account, amount, currency);
  if (reason !== undefined) {
    return [
      {
        type: 'TransferDebitRejected',
        data: { accountId, transferId, toAccountId, amount, currency, reason, rejectedAt: now },
      },
    ];
  }
  return [
    {
      type: 'TransferDebited',
      data: {
        accountId,
        transferId,
        toAccountId,
        amount,
        currency,
        balanceAfter: account.balance - amount,
        debitedAt: now,
      },
    },
  ];
};

export const creditAccountForTransfer = (
  { data }: CreditAccountForTransfer,
  state: AccountState,
): AccountEvent[] => {
  assertPositiveMinorUnits(data.amount, 'amount');
  const account = existing(state, data.accountId);
  if (alreadyHandled(account, data.transferId)) return [];
  const { accountId, transferId, fromAccountId, amount, currency, now } = data;
  const reason = creditRefusal(account, amount, currency);
  if (reason !== undefined) {
    return [
      {
        type: 'TransferCreditRejected',
        data: { accountId, transferId, fromAccountId, amount, currency, reason, rejectedAt: now },
      },
    ];
  }
  return [
    {
      type: 'TransferCredited',
      data: {
        accountId,
        transferId,
        fromAccountId,
        amount,
        currency,
        balanceAfter: account.balance + amount,
        creditedAt: now,
      },
    },
  ];
};

/** The destination took the money: the source's debit is final. Nothing pending, nothing to do. */
export const settleTransferDebit = ({ data }: SettleTransferDebit, state: AccountState): AccountEvent[] => {
  const account = existing(state, data.accountId);
  const amount = account.pendingDebits[data.transferId];
  if (amount === undefined) return [];
  const { accountId, transferId, now } = data;
  return [
    {
      type: 'TransferDebitSettled',
      data: { accountId, transferId, amount, currency: account.currency, settledAt: now },
    },
  ];
};

// A refund goes through even on a frozen account: money must be conserved. (An account with
// a pending debit cannot close, so a refund never lands on a closed account.)
export const refundTransfer = ({ data }: RefundTransfer, state: AccountState): AccountEvent[] => {
  const account = existing(state, data.accountId);
  const amount = account.pendingDebits[data.transferId];
  if (amount === undefined) {
    if (recentOutcome(account, data.transferId) === 'refunded') return [];
    throw new IllegalStateError(
      `account ${data.accountId} has no pending debit for transfer ${data.transferId} to refund`,
      'transfer-not-debited',
    );
  }
  const { accountId, transferId, reason, now } = data;
  return [
    {
      type: 'TransferRefunded',
      data: {
        accountId,
        transferId,
        amount,
        currency: account.currency,
        reason,
        balanceAfter: account.balance + amount,
        refundedAt: now,
      },
    },
  ];
};
