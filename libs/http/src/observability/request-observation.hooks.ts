import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppMetrics } from './app-metrics.js';
import { parseTraceparent, setRequestTrace } from './trace-context.js';
import type { SpanHandle, Tracing } from './tracing.js';

/**
 * Each request becomes a span: the child of a valid `traceparent` sent with it, else the root of
 * a new trace (a malformed one is ignored, as W3C Trace Context says). Its duration is observed
 * by route template (never the raw URL: ids would explode the label set) and status.
 */
export function registerRequestObservation(
  fastify: FastifyInstance,
  tracing: Tracing,
  metrics: AppMetrics,
): void {
  const spans = new WeakMap<object, SpanHandle>();
  fastify.addHook('onRequest', async (request) => {
    const route = routeOf(request);
    const span = tracing.startSpan(`${request.method} ${route}`, {
      kind: 'server',
      parent: parseTraceparent(request.headers.traceparent),
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'ledger.correlation_id': request.id,
      },
    });
    spans.set(request, span);
    setRequestTrace(request, span.context);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    spans.get(request)?.end({ 'http.response.status_code': reply.statusCode }, reply.statusCode >= 500);
    metrics.httpRequestDurations.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}

/** The route template, never the raw URL (ids would explode the label set); `unmatched` for a 404. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}
