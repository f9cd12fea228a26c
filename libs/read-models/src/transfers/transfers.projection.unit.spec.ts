import { projectInMemory } from '@ledger/consumers-mongodb';
import {
  ACCOUNT_ID,
  aTransferCompleted,
  aTransferCredited,
  aTransferDebited,
  aTransferFailed,
  aTransferRejected,
  aTransferRequested,
  consumedInOrder,
  LATER,
  NOW,
  OTHER_ACCOUNT_ID,
  OWNER_ID,
  TRANSFER_ID,
} from '@ledger/testing';
import { transfersProjection } from './transfers.projection.js';

describe('a transfer', () => {
  const project = (events: Parameters<typeof consumedInOrder>[0]) =>
    projectInMemory(transfersProjection, consumedInOrder(events)).get(TRANSFER_ID);

  it('is requested with its parties, amount, currency and owner', () => {
    expect(project([aTransferRequested()])).toEqual({
      _id: TRANSFER_ID,
      transferId: TRANSFER_ID,
      fromAccountId: ACCOUNT_ID,
      toAccountId: OTHER_ACCOUNT_ID,
      fromOwnerId: OWNER_ID,
      amount: 2_500,
      currency: 'EUR',
      status: 'requested',
      requestedAt: new Date(NOW),
      position: 100n,
    });
  });

  it('is debited once the source paid, and completed once the destination was credited', () => {
    expect(project([aTransferRequested(), aTransferDebited()])?.status).toBe('debited');
    expect(
      project([
        aTransferRequested(),
        aTransferDebited(),
        aTransferCredited(),
        aTransferCompleted({ completedAt: LATER }),
      ]),
    ).toMatchObject({ status: 'completed', settledAt: new Date(LATER) });
  });

  it('ends rejected or failed with the reason', () => {
    expect(
      project([aTransferRequested(), aTransferRejected({ reason: 'insufficient-funds' })]),
    ).toMatchObject({
      status: 'rejected',
      reason: 'insufficient-funds',
      settledAt: new Date(NOW),
    });
    expect(
      project([aTransferRequested(), aTransferDebited(), aTransferFailed({ reason: 'account-closed' })]),
    ).toMatchObject({
      status: 'failed',
      reason: 'account-closed',
    });
  });
});
