import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { AppMetrics } from './app-metrics.js';

/**
 * Public, as /health and /ready are: scrapers rarely carry keys, and it holds figures only
 * (route templates, consumer names and numbers; never an id, a key or an error message).
 */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: AppMetrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus text: request durations, the app’s own series, process metrics' })
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.metrics.render();
    reply.type(this.metrics.registry.contentType);
    return body;
  }
}
