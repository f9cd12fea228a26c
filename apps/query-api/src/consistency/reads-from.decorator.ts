import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

export const READS_FROM = 'query-api:reads-from';

/**
 * The read models an endpoint answers from: X-Min-Position waits for all of them, and
 * X-Read-Position reports the lowest of their checkpoints. Documents both headers in OpenAPI.
 */
export const ReadsFrom = (...readModels: string[]) =>
  applyDecorators(
    SetMetadata(READS_FROM, readModels),
    ApiHeader({
      name: 'X-Min-Position',
      required: false,
      description:
        'A commit position from the command API: wait (bounded) until the read models have passed it',
    }),
    ApiResponse({
      status: 503,
      description: 'The read models did not reach X-Min-Position in time (Retry-After)',
    }),
  );
