import type { TransferCompleted, TransferFailed, TransferRejected, TransferRequested } from '@ledger/domain';
import { ACCOUNT_ID, NOW, OTHER_ACCOUNT_ID, OWNER_ID, TRANSFER_ID } from './fixture.ids.js';

// A transfer of 25.00 from ACCOUNT_ID to OTHER_ACCOUNT_ID; tests override what they are about.
export const aTransferRequested = (o: Partial<TransferRequested['data']> = {}): TransferRequested => ({
  type: 'TransferRequested',
  data: {
    transferId: TRANSFER_ID,
    fromAccountId: ACCOUNT_ID,
    toAccountId: OTHER_ACCOUNT_ID,
    amount: 2_500,
    currency: 'EUR',
    fromOwnerId: OWNER_ID,
    requestedAt: NOW,
    ...o,
  },
});
export const aTransferCompleted = (o: Partial<TransferCompleted['data']> = {}): TransferCompleted => ({
  type: 'TransferCompleted',
  data: { transferId: TRANSFER_ID, completedAt: NOW, ...o },
});
export const aTransferRejected = (o: Partial<TransferRejected['data']> = {}): TransferRejected => ({
  type: 'TransferRejected',
  data: { transferId: TRANSFER_ID, currency: 'EUR', reason: 'insufficient-funds', rejectedAt: NOW, ...o },
});
export const aTransferFailed = (o: Partial<TransferFailed['data']> = {}): TransferFailed => ({
  type: 'TransferFailed',
  data: { transferId: TRANSFER_ID, reason: 'account-closed', failedAt: NOW, ...o },
});
