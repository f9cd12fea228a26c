import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@ledger/http';
import type { FastifyReply } from 'fastify';
import { ConsumerMetrics } from './consumer-metrics.js';

/**
 * Public, as /health and /ready are: scrapers rarely carry keys, and it holds figures only
 * (consumer names and numbers, never an error message or an event).
 */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ConsumerMetrics) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus text: per consumer position, lag, handled, parked, state; process metrics',
  })
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.metrics.render();
    reply.type(this.metrics.registry.contentType);
    return body;
  }
}
