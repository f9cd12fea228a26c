import {
  AlreadyExistsError,
  IllegalStateError,
  NotFoundError,
  transferDecider,
  transferStreamName,
  ValidationError,
  type TransferCommand,
} from '@ledger/domain';
import {
  ACCOUNT_ID,
  aTransferCompleted,
  aTransferFailed,
  aTransferRejected,
  aTransferRequested,
  given,
  NOW,
  OTHER_ACCOUNT_ID,
  OWNER_ID,
  TRANSFER_ID,
} from '@ledger/testing';

const request = (
  overrides: Partial<Extract<TransferCommand, { type: 'RequestTransfer' }>['data']> = {},
): TransferCommand => ({
  type: 'RequestTransfer',
  data: {
    transferId: TRANSFER_ID,
    fromAccountId: ACCOUNT_ID,
    toAccountId: OTHER_ACCOUNT_ID,
    amount: 2_500,
    currency: 'EUR',
    fromOwnerId: OWNER_ID,
    now: NOW,
    ...overrides,
  },
});
const complete: TransferCommand = { type: 'CompleteTransfer', data: { transferId: TRANSFER_ID, now: NOW } };
const reject = (reason = 'insufficient-funds'): TransferCommand => ({
  type: 'RejectTransfer',
  data: { transferId: TRANSFER_ID, currency: 'EUR', reason, now: NOW },
});
const fail = (reason = 'account-closed'): TransferCommand => ({
  type: 'FailTransfer',
  data: { transferId: TRANSFER_ID, reason, now: NOW },
});

describe('no transfer yet', () => {
  it('is requested between two accounts', () => {
    given(transferDecider).when(request()).then([aTransferRequested()]);
  });

  it('refuses a transfer from an account to itself', () => {
    given(transferDecider)
      .when(request({ toAccountId: ACCOUNT_ID }))
      .thenThrows(ValidationError, { fields: [{ field: 'toAccountId', message: expect.any(String) }] });
  });

  it.each([0, -1, 2.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses an amount of %p', (amount) => {
    given(transferDecider)
      .when(request({ amount }))
      .thenThrows(ValidationError, { fields: [{ field: 'amount', message: expect.any(String) }] });
  });

  it.each([complete, reject(), fail()])('cannot settle with $type', (command) => {
    given(transferDecider)
      .when(command)
      .thenThrows(NotFoundError, { streamType: 'transfer', id: TRANSFER_ID });
  });
});

describe('a requested transfer', () => {
  const requested = () => given(transferDecider, [aTransferRequested()]);

  it('cannot be requested again', () => {
    requested().when(request()).thenThrows(AlreadyExistsError, { streamType: 'transfer', id: TRANSFER_ID });
  });

  it('completes', () => requested().when(complete).then([aTransferCompleted()]));
  it('is rejected with the reason', () =>
    requested()
      .when(reject('account-frozen'))
      .then([aTransferRejected({ reason: 'account-frozen' })]));
  it('fails with the reason', () =>
    requested()
      .when(fail('currency-mismatch'))
      .then([aTransferFailed({ reason: 'currency-mismatch' })]));
});

describe.each([
  ['completed', aTransferCompleted(), complete],
  ['rejected', aTransferRejected(), reject()],
  ['failed', aTransferFailed(), fail()],
] as const)('a %s transfer', (status, settled, sameEnd) => {
  const settledTransfer = () => given(transferDecider, [aTransferRequested(), settled]);

  it(`ignores being ${status} again`, () => settledTransfer().when(sameEnd).thenNothing());

  it('refuses any other end', () => {
    for (const other of [complete, reject(), fail()].filter((c) => c.type !== sameEnd.type)) {
      settledTransfer().when(other).thenThrows(IllegalStateError, { reason: 'transfer-settled' });
    }
  });

  it('records its end and when', () => {
    const state = [aTransferRequested(), settled].reduce(
      transferDecider.evolve,
      transferDecider.initialState(),
    );
    expect(state).toMatchObject({ status, transferId: TRANSFER_ID, amount: 2_500, settledAt: NOW });
  });
});

it('names transfer streams transfer-<id>', () => {
  expect(transferStreamName('abc')).toBe('transfer-abc');
});
