import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/api-key.registry.js';
import type { AppLogger } from './app-logger.js';
import { CORRELATION_ID_HEADER } from './correlation-id.js';
import { requestTrace } from './trace-context.js';

/**
 * Echoes the correlation id and writes one log line per request. Headers are never logged:
 * they carry API keys; the principal is logged by name only.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: AppLogger): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info({
      msg: 'request',
      correlationId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0],
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      principal: (request as FastifyRequest & { principal?: Principal }).principal?.actor,
      traceId: requestTrace(request)?.traceId,
    });
  });
}
