import {
  accountStreamName,
  ConcurrencyError,
  IllegalStateError,
  NotFoundError,
  onStepFailed,
  transferStreamName,
  transferWorkflow,
  type LedgerEvent,
  type WorkflowStep,
} from '@ledger/domain';
import {
  ACCOUNT_ID,
  aMoneyDeposited,
  anAccountOpened,
  aTransferCompleted,
  aTransferCredited,
  aTransferCreditRejected,
  aTransferDebited,
  aTransferDebitRejected,
  aTransferDebitSettled,
  aTransferFailed,
  aTransferRefunded,
  aTransferRejected,
  aTransferRequested,
  LATER,
  NOW,
  OTHER_ACCOUNT_ID,
  TRANSFER_ID,
} from '@ledger/testing';

const source = accountStreamName(ACCOUNT_ID);
const destination = accountStreamName(OTHER_ACCOUNT_ID);
const transfer = transferStreamName(TRANSFER_ID);

describe('the transfer workflow', () => {
  it('debits the source in the transfer currency when a transfer is requested', () => {
    expect(transferWorkflow(aTransferRequested({ currency: 'JPY', requestedAt: LATER }))).toEqual([
      {
        streamName: source,
        command: {
          type: 'DebitAccountForTransfer',
          data: {
            accountId: ACCOUNT_ID,
            transferId: TRANSFER_ID,
            toAccountId: OTHER_ACCOUNT_ID,
            amount: 2_500,
            currency: 'JPY',
            now: LATER,
          },
        },
      },
    ]);
  });

  it('credits the destination in the debited currency once the source is debited', () => {
    expect(transferWorkflow(aTransferDebited({ currency: 'JPY', debitedAt: LATER }))).toEqual([
      {
        streamName: destination,
        command: {
          type: 'CreditAccountForTransfer',
          data: {
            accountId: OTHER_ACCOUNT_ID,
            transferId: TRANSFER_ID,
            fromAccountId: ACCOUNT_ID,
            amount: 2_500,
            currency: 'JPY',
            now: LATER,
          },
        },
      },
    ]);
  });

  it('completes the transfer and settles the source debit once the destination is credited', () => {
    expect(
      transferWorkflow(
        aTransferCredited({ accountId: OTHER_ACCOUNT_ID, fromAccountId: ACCOUNT_ID, creditedAt: LATER }),
      ),
    ).toEqual([
      {
        streamName: transfer,
        command: { type: 'CompleteTransfer', data: { transferId: TRANSFER_ID, now: LATER } },
      },
      {
        streamName: source,
        command: {
          type: 'SettleTransferDebit',
          data: { accountId: ACCOUNT_ID, transferId: TRANSFER_ID, now: LATER },
        },
      },
    ]);
  });

  it('rejects the transfer with the debit rejection reason', () => {
    expect(transferWorkflow(aTransferDebitRejected({ reason: 'account-frozen', rejectedAt: LATER }))).toEqual(
      [
        {
          streamName: transfer,
          command: {
            type: 'RejectTransfer',
            data: { transferId: TRANSFER_ID, currency: 'EUR', reason: 'account-frozen', now: LATER },
          },
        },
      ],
    );
  });

  it('refunds the source when the credit is rejected', () => {
    const rejected = aTransferCreditRejected({
      accountId: OTHER_ACCOUNT_ID,
      fromAccountId: ACCOUNT_ID,
      reason: 'currency-mismatch',
      rejectedAt: LATER,
    });
    expect(transferWorkflow(rejected)).toEqual([
      {
        streamName: source,
        command: {
          type: 'RefundTransfer',
          data: { accountId: ACCOUNT_ID, transferId: TRANSFER_ID, reason: 'currency-mismatch', now: LATER },
        },
      },
    ]);
  });

  it('fails the transfer once the source is refunded', () => {
    expect(transferWorkflow(aTransferRefunded({ reason: 'account-closed', refundedAt: LATER }))).toEqual([
      {
        streamName: transfer,
        command: {
          type: 'FailTransfer',
          data: { transferId: TRANSFER_ID, reason: 'account-closed', now: LATER },
        },
      },
    ]);
  });

  it.each<LedgerEvent>([
    anAccountOpened(),
    aMoneyDeposited(),
    aTransferDebitSettled(),
    aTransferCompleted(),
    aTransferRejected(),
    aTransferFailed(),
  ])('ignores $type', (event) => {
    expect(transferWorkflow(event)).toEqual([]);
  });

  it('dates each step when its trigger was recorded, when told', () => {
    const [debit] = transferWorkflow(aTransferRequested({ requestedAt: NOW }), LATER);
    expect(debit?.command.data).toMatchObject({ now: LATER });
  });

  it('yields the same commands when an event is replayed', () => {
    const event = aTransferRequested();
    expect(transferWorkflow(event)).toEqual(transferWorkflow(structuredClone(event)));
  });
});

describe('a workflow step that failed', () => {
  const [debitStep] = transferWorkflow(aTransferRequested({ requestedAt: NOW })) as [WorkflowStep];
  const [creditStep] = transferWorkflow(aTransferDebited({ debitedAt: NOW })) as [WorkflowStep];

  it('rejects the transfer when the source account does not exist', () => {
    expect(onStepFailed(debitStep, new NotFoundError('account', ACCOUNT_ID))).toEqual([
      {
        streamName: transfer,
        command: {
          type: 'RejectTransfer',
          data: { transferId: TRANSFER_ID, currency: 'EUR', reason: 'source-account-not-found', now: NOW },
        },
      },
    ]);
  });

  it('refunds the source when the destination account does not exist', () => {
    expect(onStepFailed(creditStep, new NotFoundError('account', OTHER_ACCOUNT_ID))).toEqual([
      {
        streamName: source,
        command: {
          type: 'RefundTransfer',
          data: {
            accountId: ACCOUNT_ID,
            transferId: TRANSFER_ID,
            reason: 'destination-account-not-found',
            now: NOW,
          },
        },
      },
    ]);
  });

  it('leaves any other failure to be retried', () => {
    expect(onStepFailed(debitStep, new ConcurrencyError(source, 3n, 4n))).toEqual([]);
    expect(onStepFailed(creditStep, new Error('socket closed'))).toEqual([]);
    const [completeStep] = transferWorkflow(aTransferCredited()) as [WorkflowStep];
    expect(onStepFailed(completeStep, new NotFoundError('transfer', TRANSFER_ID))).toEqual([]);
    const [refundStep] = transferWorkflow(aTransferCreditRejected()) as [WorkflowStep];
    expect(onStepFailed(refundStep, new IllegalStateError('no debit', 'transfer-not-debited'))).toEqual([]);
  });
});
