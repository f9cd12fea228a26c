import { ConcurrencyError } from '@ledger/domain';

type Revision = bigint | 'no_stream';

/** If-Match named a revision the stream is not at, or `*` a stream that does not exist (HTTP 412). */
export class ExpectedRevisionMismatchError extends ConcurrencyError {
  constructor(streamName: string, expected: bigint | 'exists', actual: Revision) {
    super(streamName, expected === 'exists' ? 'stream_exists' : expected, actual);
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

/** Too many commands already wait on this stream in this process (HTTP 503 with Retry-After). */
export class StreamBusyError extends Error {
  constructor(
    readonly streamName: string,
    readonly waiting: number,
  ) {
    super(`${waiting} commands already wait on ${streamName}; retry shortly.`);
    this.name = 'StreamBusyError';
  }
}
