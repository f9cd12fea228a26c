import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Keeps a caller's correlation id when it is a sane token, else starts a new one. */
export function resolveCorrelationId(header: unknown, generate: () => string = randomUUID): string {
  return typeof header === 'string' && ACCEPTABLE.test(header) ? header : generate();
}

/** Fastify's request id is the correlation id (see createFastifyAdapter's genReqId). */
export const CorrelationId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<{ id: string }>().id,
);
