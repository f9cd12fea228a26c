import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestValidationPipe } from '@ledger/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import { QueryApiSettings } from '../config/query-api.config.js';
import { QueryMetrics } from '../metrics/query-metrics.js';
import { CheckpointWatch } from './checkpoint-watch.js';
import { validateBeforeWaiting } from './early-validation.js';
import { CheckpointPositions } from '../read-models/checkpoint-positions.js';
import { MIN_POSITION_HEADER, parseMinPosition, READ_POSITION_HEADER } from './min-position.js';
import { READS_FROM } from './reads-from.decorator.js';

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
    private readonly watch: CheckpointWatch,
  ) {}

  private readonly validation = new RequestValidationPipe();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const readModels = this.reflector.getAllAndOverride<string[] | undefined>(READS_FROM, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!readModels) return next.handle();
    const http = context.switchToHttp();
    const minimum = parseMinPosition(http.getRequest<FastifyRequest>().headers[MIN_POSITION_HEADER]);
    return from(this.reachedPosition(context, readModels, minimum)).pipe(
      switchMap((position) => {
        http.getResponse<FastifyReply>().header(READ_POSITION_HEADER, position.toString());
        return next.handle();
      }),
    );
  }

  private async reachedPosition(
    context: ExecutionContext,
    readModels: string[],
    minimum: bigint | undefined,
  ): Promise<bigint> {
    const position = await this.checkpoints.lowest(readModels);
    if (minimum === undefined || position >= minimum) return position;
    await validateBeforeWaiting(context, this.validation);
    const started = Date.now();
    const reached = await this.watch.until(readModels, minimum, started + this.settings.minPositionWaitMs);
    if (reached === undefined) {
      this.metrics.minPositionTimeouts.inc();
      throw new ServiceUnavailableException(
        `The read models have not reached position ${minimum} yet; retry later.`,
      );
    }
    this.metrics.minPositionWaits.observe((Date.now() - started) / 1000);
    return reached;
  }
}
