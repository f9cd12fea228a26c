import type { FastifyInstance } from 'fastify';
import type { QueryMetrics } from './query-metrics.js';

/**
 * Every answer's duration by route template (never the raw URL: ids would explode the label
 * set), method and status, so "fast" is measured where analysts feel it.
 */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: QueryMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.requestDurations.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
