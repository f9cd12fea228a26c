import {
  AlreadyExistsError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
} from '../errors/domain.error.js';
import { assertNever, type Command, type Decider } from '../messages.js';
import { assertPositiveMinorUnits } from '../money/money.js';
import { assertCurrency } from '../money/currency-codes.js';
import {
  evolveTransfer,
  initialTransferState,
  type TransferEvent,
  type TransferState,
  type TransferStatus,
} from './transfer.js';

export type RequestTransfer = Command<
  'RequestTransfer',
  {
    transferId: string;
    fromAccountId: string;
    toAccountId: string;
    amount: number;
    /** The source account's currency and owner, which the caller looked up. */
    currency: string;
    fromOwnerId: string;
    now: string;
  }
>;
export type CompleteTransfer = Command<'CompleteTransfer', { transferId: string; now: string }>;
export type RejectTransfer = Command<
  'RejectTransfer',
  { transferId: string; currency: string; reason: string; now: string }
>;
export type FailTransfer = Command<'FailTransfer', { transferId: string; reason: string; now: string }>;

export type TransferCommand = RequestTransfer | CompleteTransfer | RejectTransfer | FailTransfer;
export type TransferCommandType = TransferCommand['type'];

const TRANSFER_COMMAND_TYPE_SET: Record<TransferCommandType, true> = {
  RequestTransfer: true,
  CompleteTransfer: true,
  RejectTransfer: true,
  FailTransfer: true,
};
export const TRANSFER_COMMAND_TYPES = Object.freeze(
  Object.keys(TRANSFER_COMMAND_TYPE_SET) as TransferCommandType[],
) as readonly TransferCommandType[];

export const isTransferCommand = (command: { type: string }): command is TransferCommand =>
  Object.hasOwn(TRANSFER_COMMAND_TYPE_SET, command.type);

export const requestTransfer = ({ data }: RequestTransfer, state: TransferState): TransferEvent[] => {
  if (data.fromAccountId === data.toAccountId) {
    const message = 'must differ from fromAccountId';
    throw new ValidationError(`toAccountId ${message}`, [{ field: 'toAccountId', message }]);
  }
  assertPositiveMinorUnits(data.amount, 'amount');
  assertCurrency(data.currency);
  if (state.status !== 'none') throw new AlreadyExistsError('transfer', data.transferId);
  const { transferId, fromAccountId, toAccountId, amount, currency, fromOwnerId, now } = data;
  return [
    {
      type: 'TransferRequested',
      data: { transferId, fromAccountId, toAccountId, amount, currency, fromOwnerId, requestedAt: now },
    },
  ];
};

// Settling twice into the same end state is a redelivery, not an error; into another, a conflict.
const settle = (
  state: TransferState,
  transferId: string,
  endState: TransferStatus,
  event: TransferEvent,
): TransferEvent[] => {
  if (state.status === 'none') throw new NotFoundError('transfer', transferId);
  if (state.status === 'requested') return [event];
  if (state.status === endState) return [];
  throw new IllegalStateError(
    `transfer ${transferId} is already ${state.status}, cannot become ${endState}`,
    'transfer-settled',
  );
};

export const completeTransfer = ({ data }: CompleteTransfer, state: TransferState): TransferEvent[] =>
  settle(state, data.transferId, 'completed', {
    type: 'TransferCompleted',
    data: { transferId: data.transferId, completedAt: data.now },
  });

export const rejectTransfer = ({ data }: RejectTransfer, state: TransferState): TransferEvent[] =>
  settle(state, data.transferId, 'rejected', {
    type: 'TransferRejected',
    data: { transferId: data.transferId, currency: data.currency, reason: data.reason, rejectedAt: data.now },
  });

export const failTransfer = ({ data }: FailTransfer, state: TransferState): TransferEvent[] =>
  settle(state, data.transferId, 'failed', {
    type: 'TransferFailed',
    data: { transferId: data.transferId, reason: data.reason, failedAt: data.now },
  });

export const decideTransfer = (command: TransferCommand, state: TransferState): TransferEvent[] => {
  switch (command.type) {
    case 'RequestTransfer':
      return requestTransfer(command, state);
    case 'CompleteTransfer':
      return completeTransfer(command, state);
    case 'RejectTransfer':
      return rejectTransfer(command, state);
    case 'FailTransfer':
      return failTransfer(command, state);
    default:
      return assertNever(command, 'transfer command');
  }
};

export const transferDecider: Decider<TransferCommand, TransferEvent, TransferState> = {
  decide: decideTransfer,
  evolve: evolveTransfer,
  initialState: initialTransferState,
};
