import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type ProblemMapper } from './problem-details.js';
import { resolveProblem } from './problem-resolver.js';

/** The one exception filter of an app: every error leaves as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly mappers: readonly ProblemMapper[] = []) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const body = resolveProblem(error, this.mappers);
    if (body.status >= 500) {
      const correlationId = http.getRequest<FastifyRequest | undefined>()?.id;
      this.logger.error({
        msg: 'request failed',
        correlationId,
        error: String(error),
        stack: (error as Error)?.stack,
      });
    }
    if (body.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="ledger"');
    if (body.status === 503) reply.header('Retry-After', '1');
    reply.status(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
  }
}
