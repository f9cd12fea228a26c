/** One account as analysts read it (`GET /accounts/:id`), kept by the account-summary projection. */
export type AccountSummaryDocument = {
  /** The account id. */
  _id: string;
  accountId: string;
  ownerId: string;
  currency: string;
  /** Minor units; moves with deposits, withdrawals and every transfer step. */
  balance: number;
  overdraftLimit: number;
  status: 'open' | 'frozen' | 'closed';
  /** Revision of the account stream this document has seen (the command API's ETag). */
  revision: number;
  openedAt: Date;
  updatedAt: Date;
};

export const ACCOUNT_SUMMARY = 'account-summary';
