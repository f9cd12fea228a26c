/** One money movement on an account (`GET /accounts/:id/ledger`), with the balance after it. */
export type LedgerEntryDocument = {
  /** `<accountId>:<revision>`: one entry per movement event. */
  _id: string;
  accountId: string;
  /** Revision of the event in the account stream: the entries' order. */
  revision: number;
  kind: LedgerEntryKind;
  /** Signed minor units: positive into the account, negative out of it. */
  amount: number;
  currency: string;
  /** Null for movements stored before events carried it (v1). */
  balanceAfter: number | null;
  reference?: string;
  transferId?: string;
  /** The other account of a transfer. */
  counterpartyAccountId?: string;
  occurredAt: Date;
};

export type LedgerEntryKind =
  'deposit' | 'withdrawal' | 'transfer-debit' | 'transfer-credit' | 'transfer-refund';

export const LEDGER_ENTRIES = 'ledger-entries';
