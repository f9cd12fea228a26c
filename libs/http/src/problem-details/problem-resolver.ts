import { mapDomainError } from './domain-error.mapper.js';
import { mapFastifyError, mapHttpException, mapNestingTooDeep, mapSyntaxError } from './http-error.mapper.js';
import { problem, type ProblemDetails, type ProblemMapper } from './problem-details.js';

const BUILT_IN_MAPPERS: readonly ProblemMapper[] = [
  mapFastifyError,
  mapHttpException,
  mapDomainError,
  mapSyntaxError,
  mapNestingTooDeep,
];

/** App mappers first (they know their own errors), then the built-in ones, then 500. */
export function resolveProblem(error: unknown, appMappers: readonly ProblemMapper[] = []): ProblemDetails {
  for (const mapper of [...appMappers, ...BUILT_IN_MAPPERS]) {
    const mapped = mapper(error);
    if (mapped) return mapped;
  }
  // Never leak internals: the log has the stack, the client a generic message.
  return problem(500, 'internal', 'Internal error', 'An unexpected error occurred.');
}
