import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@ledger/http';
import type { FastifyReply } from 'fastify';
import { QueryMetrics } from './query-metrics.js';

/** Public, as /health and /ready are: scrapers rarely carry keys, and it holds figures only. */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: QueryMetrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus text: read-your-writes waits and timeouts; process metrics' })
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
