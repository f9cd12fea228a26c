import { MongoProjection } from '@ledger/consumers-mongodb';
import type { LedgerEvent } from '@ledger/domain';
import { TRANSFERS, type TransferDocument } from './transfer.document.js';

/**
 * The transfer's own stream says when it was requested and how it ended; the source account's
 * debit says when money left (status `debited`). Events reach this document in log order, so a
 * later status always comes after an earlier one.
 */
export const transfersProjection = new MongoProjection<LedgerEvent, TransferDocument>(TRANSFERS)
  .on(
    'TransferRequested',
    (e) => e.data.transferId,
    (e, doc) => {
      const { transferId, fromAccountId, toAccountId, fromOwnerId, amount, currency, requestedAt } = e.data;
      doc.set('transferId', transferId).set('fromAccountId', fromAccountId).set('toAccountId', toAccountId);
      doc.set('fromOwnerId', fromOwnerId).set('amount', amount).set('currency', currency);
      doc.setOnInsert('status', 'requested').set('requestedAt', new Date(requestedAt));
    },
  )
  .on(
    'TransferDebited',
    (e) => e.data.transferId,
    (_, doc) => doc.set('status', 'debited'),
  )
  .on(
    'TransferCompleted',
    (e) => e.data.transferId,
    (e, doc) => doc.set('status', 'completed').set('settledAt', new Date(e.data.completedAt)),
  )
  .on(
    'TransferRejected',
    (e) => e.data.transferId,
    (e, doc) =>
      doc
        .set('status', 'rejected')
        .set('reason', e.data.reason)
        .set('settledAt', new Date(e.data.rejectedAt)),
  )
  .on(
    'TransferFailed',
    (e) => e.data.transferId,
    (e, doc) =>
      doc.set('status', 'failed').set('reason', e.data.reason).set('settledAt', new Date(e.data.failedAt)),
  )
  .ignore(
    'TransferDebitRejected',
    'TransferCredited',
    'TransferCreditRejected',
    'TransferDebitSettled',
    'TransferRefunded',
  )
  .index({ status: 1, requestedAt: 1, _id: 1 })
  .index({ fromAccountId: 1, requestedAt: 1, _id: 1 })
  .index({ toAccountId: 1, requestedAt: 1, _id: 1 })
  .index({ fromOwnerId: 1, requestedAt: 1, _id: 1 })
  .index({ requestedAt: 1, _id: 1 });
