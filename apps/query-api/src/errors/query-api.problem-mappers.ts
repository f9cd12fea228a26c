import { isTransientMongoError } from '@ledger/consumers-mongodb';
import { problem, type ProblemMapper } from '@ledger/http';
import {
  SnapshotCapacityError,
  SnapshotExpiredError,
  SnapshotTooLargeError,
} from '../pagination/page-snapshots.js';

/** A MongoDB outage is a 503 (with Retry-After, from the filter), not a 500: it comes back on its own. */
export const QUERY_API_PROBLEM_MAPPERS: ProblemMapper[] = [
  (error) =>
    isTransientMongoError(error)
      ? problem(503, 'mongodb-unavailable', 'Service unavailable', 'MongoDB cannot be reached; retry later.')
      : undefined,
  (error) =>
    error instanceof SnapshotExpiredError
      ? problem(410, 'cursor-expired', 'Cursor expired', error.message)
      : undefined,
  (error) =>
    error instanceof SnapshotTooLargeError
      ? problem(400, 'listing-too-large', 'Listing too large', error.message, [
          { field: 'sort', message: error.message },
        ])
      : undefined,
  (error) =>
    error instanceof SnapshotCapacityError
      ? problem(503, 'listings-busy', 'Service unavailable', error.message)
      : undefined,
];
