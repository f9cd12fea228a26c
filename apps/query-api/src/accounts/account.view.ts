import type { AccountSummaryDocument } from '@ledger/read-models';
import type { ListView } from '../exports/list-responder.js';

/** `GET /accounts/:id` and each item of `GET /accounts`, as ARCHITECTURE.md names the fields. */
export function accountItem(doc: AccountSummaryDocument) {
  return {
    accountId: doc.accountId,
    ownerId: doc.ownerId,
    currency: doc.currency,
    balance: doc.balance,
    overdraftLimit: doc.overdraftLimit,
    status: doc.status,
    revision: doc.revision,
    openedAt: doc.openedAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export type AccountItem = ReturnType<typeof accountItem>;

export const ACCOUNT_VIEW: ListView<AccountSummaryDocument, AccountItem> = {
  toItem: accountItem,
  columns: [
    'accountId',
    'ownerId',
    'currency',
    'balance',
    'overdraftLimit',
    'status',
    'revision',
    'openedAt',
    'updatedAt',
  ],
};
