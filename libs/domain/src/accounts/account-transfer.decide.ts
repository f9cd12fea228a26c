import { assertPositiveMinorUnits } from '../money/money.js';
import type { AccountEvent } from './account.events.js';
import type { AccountState } from './account.js';
import type {
  CreditAccountForTransfer,
  DebitAccountForTransfer,
  RefundTransfer,
} from './account.commands.js';
import { canPay, existing } from './account.guards.js';
import { IllegalStateError } from '../errors/domain.error.js';

const debitRefusal = (account: AccountState, amount: number): string | undefined => {
  if (account.status === 'closed') return 'account-closed';
  if (account.status === 'frozen') return 'account-frozen';
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

// Workflow steps are redelivered at least once, so each is idempotent per transfer id, and a
// business refusal is an event (the workflow reacts to it), not a throw.
export const debitAccountForTransfer = (
  { data }: DebitAccountForTransfer,
  state: AccountState,
): AccountEvent[] => {
  assertPositiveMinorUnits(data.amount, 'amount');
  const account = existing(state, data.accountId);
  if (account.debits[data.transferId] !== undefined) return [];
  const { accountId, transferId, toAccountId, amount, now } = data;
  const reason = debitRefusal(account, amount);
  if (reason !== undefined) {
    return [
      {
        type: 'TransferDebitRejected',
        data: { accountId, transferId, toAccountId, amount, reason, rejectedAt: now },
      },
    ];
  }
  return [
    {
      type: 'TransferDebited',
      data: { accountId, transferId, toAccountId, amount, currency: account.currency, debitedAt: now },
    },
  ];
};

export const creditAccountForTransfer = (
  { data }: CreditAccountForTransfer,
  state: AccountState,
): AccountEvent[] => {
  assertPositiveMinorUnits(data.amount, 'amount');
  const account = existing(state, data.accountId);
  if (account.credits[data.transferId] !== undefined) return [];
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
      data: { accountId, transferId, fromAccountId, amount, currency, creditedAt: now },
    },
  ];
};

// A refund goes through even on a frozen or closed account: money must be conserved.
export const refundTransfer = ({ data }: RefundTransfer, state: AccountState): AccountEvent[] => {
  const account = existing(state, data.accountId);
  const debit = account.debits[data.transferId];
  if (debit?.outcome === 'refunded') return [];
  if (debit?.outcome !== 'debited') {
    throw new IllegalStateError(
      `account ${data.accountId} has no debit for transfer ${data.transferId} to refund`,
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
        amount: debit.amount,
        currency: account.currency,
        reason,
        refundedAt: now,
      },
    },
  ];
};
