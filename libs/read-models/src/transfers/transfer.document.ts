/** One transfer as analysts read it (`GET /transfers/:id`), from its request to how it ended. */
export type TransferDocument = {
  /** The transfer id. */
  _id: string;
  transferId: string;
  fromAccountId: string;
  toAccountId: string;
  /** The source account's owner (null for transfers requested before events carried it). */
  fromOwnerId: string | null;
  amount: number;
  currency: string;
  status: TransferStatus;
  reason?: string;
  requestedAt: Date;
  settledAt?: Date;
};

export type TransferStatus = 'requested' | 'debited' | 'completed' | 'rejected' | 'failed';

export const TRANSFERS = 'transfers';
