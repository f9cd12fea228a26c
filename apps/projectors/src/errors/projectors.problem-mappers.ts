import { DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import { isTransientMongoError } from '@ledger/consumers-mongodb';
import { problem, type ProblemMapper } from '@ledger/http';

/**
 * An outage of either server is a 503 (with Retry-After, from the filter), not a 500: /status,
 * /metrics' figures and the parked events all read them, and they come back on their own.
 */
export const PROJECTORS_PROBLEM_MAPPERS: ProblemMapper[] = [
  (error) =>
    error instanceof UnavailableError || error instanceof DeadlineExceededError
      ? problem(
          503,
          'eventstore-unavailable',
          'Service unavailable',
          'The event store cannot be reached; retry later.',
        )
      : undefined,
  (error) =>
    isTransientMongoError(error)
      ? problem(503, 'mongodb-unavailable', 'Service unavailable', 'MongoDB cannot be reached; retry later.')
      : undefined,
];
