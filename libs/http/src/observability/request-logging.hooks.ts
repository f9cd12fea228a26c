import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { CORRELATION_ID_HEADER } from './correlation-id.js';

/**
 * Echoes the correlation id and writes one log line per request. Headers are never
 * logged: they carry API keys.
 */
export function registerRequestLogging(fastify: FastifyInstance): void {
  const logger = new Logger('Http');
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    logger.log({
      msg: 'request',
      correlationId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0],
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
    });
  });
}
