import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';

/** An outage, not a poison event: the engine waits it out and parks nothing. */
export function isTransientMongoError(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoWriteConcernError
  )
    return true;
  return (
    error instanceof MongoError &&
    ['RetryableWriteError', 'TransientTransactionError', 'ResetPool', 'SystemOverloadedError'].some((label) =>
      error.hasErrorLabel(label),
    )
  );
}

export const isDuplicateKey = (error: { code?: unknown }): boolean =>
  error.code === 11000 || error.code === 11001;
