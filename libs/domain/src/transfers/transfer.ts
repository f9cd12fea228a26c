import { assertNever, type Event } from '../messages.js';

export type TransferRequested = Event<
  'TransferRequested',
  {
    transferId: string;
    fromAccountId: string;
    toAccountId: string;
    amount: number;
    /** v2: the source account's currency (v1 events read as "XXX", no currency known). */
    currency: string;
    /** v2: the source account's owner, so owner-bound readers see their transfers (null on v1). */
    fromOwnerId: string | null;
    requestedAt: string;
  }
>;
export type TransferCompleted = Event<'TransferCompleted', { transferId: string; completedAt: string }>;
export type TransferRejected = Event<
  'TransferRejected',
  {
    transferId: string;
    /** v2 (v1 events read as "XXX"). */
    currency: string;
    reason: string;
    rejectedAt: string;
  }
>;
export type TransferFailed = Event<
  'TransferFailed',
  { transferId: string; reason: string; failedAt: string }
>;

export type TransferEvent = TransferRequested | TransferCompleted | TransferRejected | TransferFailed;
export type TransferEventType = TransferEvent['type'];

const TRANSFER_EVENT_TYPE_SET: Record<TransferEventType, true> = {
  TransferRequested: true,
  TransferCompleted: true,
  TransferRejected: true,
  TransferFailed: true,
};
export const TRANSFER_EVENT_TYPES = Object.freeze(
  Object.keys(TRANSFER_EVENT_TYPE_SET) as TransferEventType[],
) as readonly TransferEventType[];

export type TransferStatus = 'none' | 'requested' | 'completed' | 'rejected' | 'failed';

export type TransferState = {
  status: TransferStatus;
  transferId: string;
  fromAccountId: string;
  toAccountId: string;
  amount: number;
  currency: string;
  reason?: string;
  requestedAt: string;
  settledAt?: string;
};

export const transferStreamName = (transferId: string): string => `transfer-${transferId}`;

export const initialTransferState = (): TransferState => ({
  status: 'none',
  transferId: '',
  fromAccountId: '',
  toAccountId: '',
  amount: 0,
  currency: '',
  requestedAt: '',
});

export const evolveTransfer = (state: TransferState, event: TransferEvent): TransferState => {
  switch (event.type) {
    case 'TransferRequested': {
      const { transferId, fromAccountId, toAccountId, amount, currency, requestedAt } = event.data;
      return {
        ...state,
        status: 'requested',
        transferId,
        fromAccountId,
        toAccountId,
        amount,
        currency,
        requestedAt,
      };
    }
    case 'TransferCompleted':
      return { ...state, status: 'completed', settledAt: event.data.completedAt };
    case 'TransferRejected':
      return { ...state, status: 'rejected', reason: event.data.reason, settledAt: event.data.rejectedAt };
    case 'TransferFailed':
      return { ...state, status: 'failed', reason: event.data.reason, settledAt: event.data.failedAt };
    default:
      return assertNever(event, 'transfer event');
  }
};
