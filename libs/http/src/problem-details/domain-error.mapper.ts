import {
  AlreadyExistsError,
  ConcurrencyError,
  IllegalStateError,
  InsufficientFundsError,
  NotFoundError,
  ValidationError,
} from '@ledger/domain';
import { problem, type ProblemDetails } from './problem-details.js';

/** Domain errors → HTTP (ARCHITECTURE.md "Errors"). */
export function mapDomainError(error: unknown): ProblemDetails | undefined {
  if (error instanceof ValidationError) {
    return problem(400, 'validation', 'Invalid request', error.message, error.fields);
  }
  if (error instanceof NotFoundError) return problem(404, 'not-found', 'Not found', error.message);
  if (error instanceof AlreadyExistsError)
    return problem(409, 'already-exists', 'Already exists', error.message);
  if (error instanceof InsufficientFundsError) {
    return problem(422, 'insufficient-funds', 'Insufficient funds', error.message);
  }
  if (error instanceof IllegalStateError) {
    return problem(422, error.reason, 'Business rule violated', error.message);
  }
  if (error instanceof ConcurrencyError) {
    return problem(409, 'concurrency', 'Concurrent modification', error.message);
  }
  return undefined;
}
