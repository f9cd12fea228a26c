import type { ConsumedEvent } from '@ledger/consumers';
import { MongoProjection, type DocumentUpdate } from '@ledger/consumers-mongodb';
import type { AccountEvent, LedgerEvent } from '@ledger/domain';
import { ACCOUNT_SUMMARY, type AccountSummaryDocument } from './account-summary.document.js';

type Doc = DocumentUpdate<AccountSummaryDocument>;

/** Every account event moves the revision and the time it last changed. */
const touched = (doc: Doc, at: string, meta: ConsumedEvent<LedgerEvent>): Doc =>
  doc.max('revision', Number(meta.revision)).max('updatedAt', new Date(at));

const id = (e: AccountEvent) => e.data.accountId;

export const accountSummaryProjection = new MongoProjection<LedgerEvent, AccountSummaryDocument>(
  ACCOUNT_SUMMARY,
)
  .on('AccountOpened', id, (e, doc, meta) => {
    const { accountId, ownerId, currency, overdraftLimit, openedAt } = e.data;
    doc.set('accountId', accountId).set('ownerId', ownerId).set('currency', currency);
    doc.set('overdraftLimit', overdraftLimit).set('status', 'open').set('balance', 0);
    touched(doc.set('openedAt', new Date(openedAt)), openedAt, meta);
  })
  .on('MoneyDeposited', id, (e, doc, meta) =>
    touched(doc.inc('balance', e.data.amount), e.data.depositedAt, meta),
  )
  .on('MoneyWithdrawn', id, (e, doc, meta) =>
    touched(doc.inc('balance', -e.data.amount), e.data.withdrawnAt, meta),
  )
  .on('TransferDebited', id, (e, doc, meta) =>
    touched(doc.inc('balance', -e.data.amount), e.data.debitedAt, meta),
  )
  .on('TransferCredited', id, (e, doc, meta) =>
    touched(doc.inc('balance', e.data.amount), e.data.creditedAt, meta),
  )
  .on('TransferRefunded', id, (e, doc, meta) =>
    touched(doc.inc('balance', e.data.amount), e.data.refundedAt, meta),
  )
  .on('AccountFrozen', id, (e, doc, meta) => touched(doc.set('status', 'frozen'), e.data.frozenAt, meta))
  .on('AccountUnfrozen', id, (e, doc, meta) => touched(doc.set('status', 'open'), e.data.unfrozenAt, meta))
  .on('AccountClosed', id, (e, doc, meta) => touched(doc.set('status', 'closed'), e.data.closedAt, meta))
  .on('TransferDebitRejected', id, (e, doc, meta) => touched(doc, e.data.rejectedAt, meta))
  .on('TransferCreditRejected', id, (e, doc, meta) => touched(doc, e.data.rejectedAt, meta))
  .on('TransferDebitSettled', id, (e, doc, meta) => touched(doc, e.data.settledAt, meta))
  .index({ ownerId: 1, _id: 1 })
  .index({ status: 1, _id: 1 })
  .index({ currency: 1, balance: 1, _id: 1 })
  .index({ openedAt: 1, _id: 1 })
  .index({ balance: 1, _id: 1 });
