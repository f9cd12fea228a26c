import type { LedgerEntryDocument } from '@ledger/read-models';
import type { ListView } from '../../exports/list-responder.js';

export function ledgerEntryItem(doc: LedgerEntryDocument) {
  return {
    accountId: doc.accountId,
    revision: doc.revision,
    kind: doc.kind,
    amount: doc.amount,
    currency: doc.currency,
    balanceAfter: doc.balanceAfter,
    ...(doc.reference !== undefined ? { reference: doc.reference } : {}),
    ...(doc.transferId !== undefined ? { transferId: doc.transferId } : {}),
    ...(doc.counterpartyAccountId !== undefined ? { counterpartyAccountId: doc.counterpartyAccountId } : {}),
    occurredAt: doc.occurredAt.toISOString(),
  };
}

export const LEDGER_ENTRY_VIEW: ListView<LedgerEntryDocument, ReturnType<typeof ledgerEntryItem>> = {
  toItem: ledgerEntryItem,
  columns: [
    'accountId',
    'revision',
    'kind',
    'amount',
    'currency',
    'balanceAfter',
    'reference',
    'transferId',
    'counterpartyAccountId',
    'occurredAt',
  ],
};
