import { DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { problem, type ProblemMapper } from '@ledger/http';
import {
  ConflictRetriesExhaustedError,
  ExpectedRevisionMismatchError,
  IdempotencyKeyReusedError,
  StreamBusyError,
} from '@ledger/event-store';

/** The command side's own errors; domain and HTTP errors are mapped by @ledger/http. */
export const COMMAND_API_PROBLEM_MAPPERS: ProblemMapper[] = [
  (error) =>
    error instanceof ExpectedRevisionMismatchError
      ? problem(412, 'precondition-failed', 'Precondition failed', `${error.message} (If-Match)`)
      : undefined,
  (error) =>
    error instanceof ConflictRetriesExhaustedError
      ? problem(409, 'concurrency', 'Concurrent modification', `${error.message}; retry the request`)
      : undefined,
  (error) =>
    error instanceof IdempotencyKeyReusedError
      ? problem(422, 'idempotency-key-reused', 'Idempotency-Key reused', error.message)
      : undefined,
  (error) =>
    error instanceof StreamBusyError
      ? problem(503, 'stream-busy', 'Too many commands on one stream', error.message)
      : undefined,
  (error) =>
    error instanceof UnavailableError || error instanceof DeadlineExceededError || isRawGrpcOutage(error)
      ? problem(
          503,
          'eventstore-unavailable',
          'Service unavailable',
          'The event store cannot be reached; retry later.',
        )
      : undefined,
];

/**
 * The client's probe of a node's features (its first call after a reconnect) rejects with the
 * raw gRPC error instead of UnavailableError: the store is just as unreachable.
 */
function isRawGrpcOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof Error &&
    'metadata' in error &&
    (code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED)
  );
}
