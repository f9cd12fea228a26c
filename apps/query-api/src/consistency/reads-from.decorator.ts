import { SetMetadata } from '@nestjs/common';

export const READS_FROM = 'query-api:reads-from';

/**
 * The read models an endpoint answers from: X-Min-Position waits for all of them, and
 * X-Read-Position reports the lowest of their checkpoints.
 */
export const ReadsFrom = (...readModels: string[]) => SetMetadata(READS_FROM, readModels);
