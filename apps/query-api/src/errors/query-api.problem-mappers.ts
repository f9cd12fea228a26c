import { isTransientMongoError } from '@ledger/consumers-mongodb';
import { problem, type ProblemMapper } from '@ledger/http';

/** A MongoDB outage is a 503 (with Retry-After, from the filter), not a 500: it comes back on its own. */
export const QUERY_API_PROBLEM_MAPPERS: ProblemMapper[] = [
  (error) =>
    isTransientMongoError(error)
      ? problem(503, 'mongodb-unavailable', 'Service unavailable', 'MongoDB cannot be reached; retry later.')
      : undefined,
];
