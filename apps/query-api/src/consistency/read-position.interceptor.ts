import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import { QueryApiSettings } from '../config/query-api.config.js';
import { QueryMetrics } from '../metrics/query-metrics.js';
import { CheckpointPositions } from '../read-models/checkpoint-positions.js';
import { MIN_POSITION_HEADER, parseMinPosition, READ_POSITION_HEADER } from './min-position.js';
import { READS_FROM } from './reads-from.decorator.js';

const POLL_MS = 25;

/**
 * Read-your-writes: holds a request carrying X-Min-Position until every read model it reads has
 * passed that position (bounded by MIN_POSITION_WAIT_MS, then 503 + Retry-After), and stamps
 * every answer with the position its read models had reached before the read.
 */
@Injectable()
export class ReadPositionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly checkpoints: CheckpointPositions,
    private readonly settings: QueryApiSettings,
    private readonly metrics: QueryMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const readModels = this.reflector.getAllAndOverride<string[] | undefined>(READS_FROM, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!readModels) return next.handle();
    const http = context.switchToHttp();
    const minimum = parseMinPosition(http.getRequest<FastifyRequest>().headers[MIN_POSITION_HEADER]);
    return from(this.reachedPosition(readModels, minimum)).pipe(
      switchMap((position) => {
        http.getResponse<FastifyReply>().header(READ_POSITION_HEADER, position.toString());
        return next.handle();
      }),
    );
  }

  private async reachedPosition(readModels: string[], minimum: bigint | undefined): Promise<bigint> {
    const started = Date.now();
    const deadline = started + this.settings.minPositionWaitMs;
    for (;;) {
      const position = await this.checkpoints.lowest(readModels);
      if (minimum === undefined || position >= minimum) {
        if (minimum !== undefined) this.metrics.minPositionWaits.observe((Date.now() - started) / 1000);
        return position;
      }
      if (Date.now() >= deadline) {
        this.metrics.minPositionTimeouts.inc();
        throw new ServiceUnavailableException(
          `The read models have reached position ${position}, not yet ${minimum}; retry later.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, deadline - Date.now())));
    }
  }
}
