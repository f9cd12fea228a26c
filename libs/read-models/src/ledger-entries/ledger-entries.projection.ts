import type { ConsumedEvent } from '@ledger/consumers';
import { type DocumentUpdate, MongoProjection } from '@ledger/consumers-mongodb';
import type { AccountEvent, LedgerEvent } from '@ledger/domain';
import { LEDGER_ENTRIES, type LedgerEntryDocument, type LedgerEntryKind } from './ledger-entry.document.js';

type Movement = { currency: string; balanceAfter: number | null; reference?: string };
type Extras = Pick<LedgerEntryDocument, 'transferId' | 'counterpartyAccountId'>;

const entryId = (e: AccountEvent, meta: ConsumedEvent<LedgerEvent>) => `${e.data.accountId}:${meta.revision}`;

/** An entry is written once, whole; its fields never change after. */
const entry = (
  doc: DocumentUpdate<LedgerEntryDocument>,
  meta: ConsumedEvent<LedgerEvent>,
  accountId: string,
  kind: LedgerEntryKind,
  [amount, at, data]: [number, string, Movement],
  extras: Extras = {},
): void => {
  doc
    .set('accountId', accountId)
    .set('revision', Number(meta.revision))
    .set('kind', kind)
    .set('amount', amount);
  doc.set('currency', data.currency).set('balanceAfter', data.balanceAfter).set('occurredAt', new Date(at));
  if (data.reference !== undefined) doc.set('reference', data.reference);
  if (extras.transferId !== undefined) doc.set('transferId', extras.transferId);
  if (extras.counterpartyAccountId !== undefined)
    doc.set('counterpartyAccountId', extras.counterpartyAccountId);
};

export const ledgerEntriesProjection = new MongoProjection<LedgerEvent, LedgerEntryDocument>(LEDGER_ENTRIES)
  .on('MoneyDeposited', entryId, ({ data }, doc, meta) =>
    entry(doc, meta, data.accountId, 'deposit', [data.amount, data.depositedAt, data]),
  )
  .on('MoneyWithdrawn', entryId, ({ data }, doc, meta) =>
    entry(doc, meta, data.accountId, 'withdrawal', [-data.amount, data.withdrawnAt, data]),
  )
  .on('TransferDebited', entryId, ({ data }, doc, meta) =>
    entry(doc, meta, data.accountId, 'transfer-debit', [-data.amount, data.debitedAt, data], {
      transferId: data.transferId,
      counterpartyAccountId: data.toAccountId,
    }),
  )
  .on('TransferCredited', entryId, ({ data }, doc, meta) =>
    entry(doc, meta, data.accountId, 'transfer-credit', [data.amount, data.creditedAt, data], {
      transferId: data.transferId,
      counterpartyAccountId: data.fromAccountId,
    }),
  )
  .on('TransferRefunded', entryId, ({ data }, doc, meta) =>
    entry(doc, meta, data.accountId, 'transfer-refund', [data.amount, data.refundedAt, data], {
      transferId: data.transferId,
    }),
  )
  .ignore(
    'AccountOpened',
    'AccountFrozen',
    'AccountUnfrozen',
    'AccountClosed',
    'TransferDebitRejected',
    'TransferCreditRejected',
    'TransferDebitSettled',
  )
  .index({ accountId: 1, revision: 1 })
  .index({ accountId: 1, occurredAt: 1, revision: 1 });
