import { type Static, Type } from '@sinclair/typebox';
import { closed, CurrencyCode, Id, MinorUnits, Reason, Timestamp } from '../contracts/event-fields.schema.js';
import { assertNever, type Event } from '../messages.js';

/** v1 did not say the transfer's currency nor the source's owner. */
export const TransferRequestedV1 = Type.Object(
  { transferId: Id, fromAccountId: Id, toAccountId: Id, amount: MinorUnits, requestedAt: Timestamp },
  closed,
);
/**
 * v2 added currency (the source account's; v1 events read as "XXX", no currency known) and
 * fromOwnerId (the source account's owner, so owner-bound readers see their transfers; null on v1).
 */
export const TransferRequestedV2 = Type.Object(
  { ...TransferRequestedV1.properties, currency: CurrencyCode, fromOwnerId: Type.Union([Id, Type.Null()]) },
  closed,
);
export type TransferRequested = Event<'TransferRequested', Static<typeof TransferRequestedV2>>;

export const TransferCompletedV1 = Type.Object({ transferId: Id, completedAt: Timestamp }, closed);
export type TransferCompleted = Event<'TransferCompleted', Static<typeof TransferCompletedV1>>;

/** v1 did not say the transfer's currency. */
export const TransferRejectedV1 = Type.Object(
  { transferId: Id, reason: Reason, rejectedAt: Timestamp },
  closed,
);
/** v2 added currency (v1 events read as "XXX"). */
export const TransferRejectedV2 = Type.Object(
  { ...TransferRejectedV1.properties, currency: CurrencyCode },
  closed,
);
export type TransferRejected = Event<'TransferRejected', Static<typeof TransferRejectedV2>>;

export const TransferFailedV1 = Type.Object({ transferId: Id, reason: Reason, failedAt: Timestamp }, closed);
export type TransferFailed = Event<'TransferFailed', Static<typeof TransferFailedV1>>;

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
