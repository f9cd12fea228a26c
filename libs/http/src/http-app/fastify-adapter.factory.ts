import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CORRELATION_ID_HEADER, resolveCorrelationId } from '../observability/correlation-id.js';

export type FastifyAdapterOptions = { bodyLimit: number };

/** Fastify with our body limit and the correlation id as its request id; logging is ours. */
export function createFastifyAdapter(options: FastifyAdapterOptions): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    logger: false,
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
      resolveCorrelationId(request.headers[CORRELATION_ID_HEADER]),
    return503OnClosing: true,
  });
}
