import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ConsumerDefinition, ConsumerHost, type ParkedAction } from '@ledger/consumers';
import { RequireRole } from '@ledger/http';
import { PROJECTOR_CONSUMERS } from '../projector-consumers.js';
import { ParkedEventsPage, ParkedRequestAnswer, toParkedEventDto } from './parked-events.dto.js';
import { ParkedEventsQuery, ParkedStreamParams } from './parked-events.query.js';

/**
 * Parked events by consumer and stream: the engine parks and releases a stream's events in order,
 * so retry and skip act on a stream (its first parked event), never on one event out of order.
 */
@ApiTags('parked events')
@ApiBearerAuth()
@RequireRole('operator')
@Controller('parked')
export class ParkedEventsController {
  private readonly names: ReadonlySet<string>;

  constructor(
    @Inject(ConsumerHost) private readonly host: ConsumerHost,
    @Inject(PROJECTOR_CONSUMERS) consumers: ReadonlyArray<ConsumerDefinition>,
  ) {
    this.names = new Set(consumers.map((c) => c.name));
  }

  @Get()
  @ApiOperation({ summary: "A consumer's parked events in log order, with their errors" })
  @ApiOkResponse({ type: ParkedEventsPage })
  async list(@Query() query: ParkedEventsQuery): Promise<ParkedEventsPage> {
    const consumer = this.known(query.consumer);
    const limit = query.limit ?? 50;
    const items = await this.host.parkedEvents.list(consumer, {
      limit,
      ...(query.stream === undefined ? {} : { stream: query.stream }),
      ...(query.cursor === undefined ? {} : { after: BigInt(query.cursor) }),
    });
    const last = items.at(-1);
    return {
      items: items.map(toParkedEventDto),
      nextCursor: items.length === limit && last ? last.position.toString() : null,
    };
  }

  @Post(':consumer/:stream/retry')
  @HttpCode(202)
  @ApiOperation({ summary: "Apply the stream's parked events in order (carried out by the owner)" })
  @ApiAcceptedResponse({ type: ParkedRequestAnswer })
  retry(@Param() params: ParkedStreamParams): Promise<ParkedRequestAnswer> {
    return this.request(params, 'retry');
  }

  @Post(':consumer/:stream/skip')
  @HttpCode(202)
  @ApiOperation({ summary: "Drop the stream's first parked event, apply the ones behind it" })
  @ApiAcceptedResponse({ type: ParkedRequestAnswer })
  skip(@Param() params: ParkedStreamParams): Promise<ParkedRequestAnswer> {
    return this.request(params, 'skip');
  }

  private async request(params: ParkedStreamParams, action: ParkedAction): Promise<ParkedRequestAnswer> {
    const consumer = this.known(params.consumer);
    const accepted = await this.host.parkedEvents[action](consumer, params.stream);
    if (!accepted) throw new NotFoundException(`${consumer} has no parked event in stream ${params.stream}.`);
    return { consumer, stream: params.stream, requested: action };
  }

  private known(consumer: string): string {
    if (!this.names.has(consumer)) throw new NotFoundException(`There is no consumer named ${consumer}.`);
    return consumer;
  }
}
