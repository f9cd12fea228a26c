import type { TransferDocument } from '@ledger/read-models';
import type { ListView } from '../exports/list-responder.js';

/** `GET /transfers/:id` and each item of `GET /transfers`, as ARCHITECTURE.md names the fields. */
export function transferItem(doc: TransferDocument) {
  return {
    transferId: doc.transferId,
    fromAccountId: doc.fromAccountId,
    toAccountId: doc.toAccountId,
    amount: doc.amount,
    currency: doc.currency,
    status: doc.status,
    ...(doc.reason !== undefined ? { reason: doc.reason } : {}),
    requestedAt: doc.requestedAt.toISOString(),
    ...(doc.settledAt !== undefined ? { settledAt: doc.settledAt.toISOString() } : {}),
  };
}

export type TransferItem = ReturnType<typeof transferItem>;

export const TRANSFER_VIEW: ListView<TransferDocument, TransferItem> = {
  toItem: transferItem,
  columns: [
    'transferId',
    'fromAccountId',
    'toAccountId',
    'amount',
    'currency',
    'status',
    'reason',
    'requestedAt',
    'settledAt',
  ],
};
