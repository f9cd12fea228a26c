import { ConcurrencyError } from '@ledger/domain';

type Revision = bigint | 'no_stream';

/** If-Match named a revision the stream is not at (HTTP 412). */
export class ExpectedRevisionMismatchError extends ConcurrencyError {
  constructor(streamName: string, expected: bigint, actual: Revision) {
    super(streamName, expected, actual);
    this.name = 'ExpectedRevisionMismatchError';
  }
}

/** Other writers kept winning the race; the client may retry (HTTP 409). */
export class ConflictRetriesExhaustedError extends ConcurrencyError {
  constructor(
    streamName: string,
    expected: Revision,
    actual: Revision,
    readonly attempts: number,
  ) {
    super(streamName, expected, actual);
    this.name = 'ConflictRetriesExhaustedError';
  }
}

/** The Idempotency-Key was already used for a different request (HTTP 422). */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly streamName: string) {
    super(`This Idempotency-Key was already used on ${streamName} with a different request.`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
