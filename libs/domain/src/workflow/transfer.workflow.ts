import type { AccountEvent } from '../accounts/account.events.js';
import { accountStreamName } from '../accounts/account.js';
import type { AccountCommand } from '../accounts/account.commands.js';
import { NotFoundError } from '../errors/domain.error.js';
import { assertNever } from '../messages.js';
import { transferStreamName, type TransferEvent } from '../transfers/transfer.js';
import type { TransferCommand } from '../transfers/transfer.decide.js';

export type LedgerEvent = AccountEvent | TransferEvent;
export type LedgerCommand = AccountCommand | TransferCommand;
export type WorkflowStep = { streamName: string; command: LedgerCommand };

const onAccount = (accountId: string, command: AccountCommand): WorkflowStep => ({
  streamName: accountStreamName(accountId),
  command,
});
const onTransfer = (transferId: string, command: TransferCommand): WorkflowStep => ({
  streamName: transferStreamName(transferId),
  command,
});

/**
 * The transfer process manager: one event in, the next steps out. `at` is when the event was
 * recorded (its own time when not given): fixed for the event, so replaying it yields identical
 * commands (and the idempotent deciders do nothing), while each step is dated when it happened.
 */
export const transferWorkflow = (event: LedgerEvent, at?: string): WorkflowStep[] => {
  switch (event.type) {
    case 'TransferRequested': {
      const { transferId, fromAccountId, toAccountId, amount, currency, requestedAt } = event.data;
      return [
        onAccount(fromAccountId, {
          type: 'DebitAccountForTransfer',
          data: {
            accountId: fromAccountId,
            transferId,
            toAccountId,
            amount,
            currency,
            now: at ?? requestedAt,
          },
        }),
      ];
    }
    case 'TransferDebited': {
      const { accountId, transferId, toAccountId, amount, currency, debitedAt } = event.data;
      return [
        onAccount(toAccountId, {
          type: 'CreditAccountForTransfer',
          data: {
            accountId: toAccountId,
            transferId,
            fromAccountId: accountId,
            amount,
            currency,
            now: at ?? debitedAt,
          },
        }),
      ];
    }
    case 'TransferCredited': {
      // The source learns its debit is final, so it may close once nothing else is pending.
      const { transferId, fromAccountId, creditedAt } = event.data;
      return [
        onTransfer(transferId, { type: 'CompleteTransfer', data: { transferId, now: at ?? creditedAt } }),
        onAccount(fromAccountId, {
          type: 'SettleTransferDebit',
          data: { accountId: fromAccountId, transferId, now: at ?? creditedAt },
        }),
      ];
    }
    case 'TransferDebitRejected': {
      const { transferId, currency, reason, rejectedAt } = event.data;
      return [
        onTransfer(transferId, {
          type: 'RejectTransfer',
          data: { transferId, currency, reason, now: at ?? rejectedAt },
        }),
      ];
    }
    case 'TransferCreditRejected': {
      const { fromAccountId, transferId, reason, rejectedAt } = event.data;
      return [
        onAccount(fromAccountId, {
          type: 'RefundTransfer',
          data: { accountId: fromAccountId, transferId, reason, now: at ?? rejectedAt },
        }),
      ];
    }
    case 'TransferRefunded': {
      const { transferId, reason, refundedAt } = event.data;
      return [
        onTransfer(transferId, { type: 'FailTransfer', data: { transferId, reason, now: at ?? refundedAt } }),
      ];
    }
    case 'AccountOpened':
    case 'MoneyDeposited':
    case 'MoneyWithdrawn':
    case 'AccountFrozen':
    case 'AccountUnfrozen':
    case 'AccountClosed':
    case 'TransferDebitSettled':
    case 'TransferCompleted':
    case 'TransferRejected':
    case 'TransferFailed':
      return [];
    default:
      return assertNever(event, 'ledger event');
  }
};

/** A missing account is the one step failure the workflow settles itself; others are retried. */
export const onStepFailed = (step: WorkflowStep, error: unknown): WorkflowStep[] => {
  if (!(error instanceof NotFoundError) || error.streamType !== 'account') return [];
  const { command } = step;
  if (command.type === 'DebitAccountForTransfer') {
    const { transferId, currency, now } = command.data;
    return [
      onTransfer(transferId, {
        type: 'RejectTransfer',
        data: { transferId, currency, reason: 'source-account-not-found', now },
      }),
    ];
  }
  if (command.type === 'CreditAccountForTransfer') {
    const { fromAccountId, transferId, now } = command.data;
    return [
      onAccount(fromAccountId, {
        type: 'RefundTransfer',
        data: { accountId: fromAccountId, transferId, reason: 'destination-account-not-found', now },
      }),
    ];
  }
  return [];
};
