import { DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import { InvalidRequestError, NotFoundError } from '@ledger/event-log';
import { problem, type ProblemMapper } from '@ledger/http';

/** The event-log library's errors, and an event store outage (it comes back on its own: 503). */
export const CONSOLE_PROBLEM_MAPPERS: ProblemMapper[] = [
  (error) =>
    error instanceof NotFoundError ? problem(404, 'not-found', 'Not found', error.message) : undefined,
  (error) =>
    error instanceof InvalidRequestError
      ? problem(400, 'invalid-request', 'Invalid request', error.message)
      : undefined,
  (error) =>
    error instanceof UnavailableError || error instanceof DeadlineExceededError
      ? problem(
          503,
          'eventstore-unavailable',
          'Service unavailable',
          'The event store cannot be reached; retry later.',
        )
      : undefined,
];
