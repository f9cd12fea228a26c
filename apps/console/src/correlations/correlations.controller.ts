import { EventStoreDBClient } from '@eventstore/db-client';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { correlatedEvents } from '@ledger/event-log';
import { RequireRole } from '@ledger/http';
import { IsString, Matches } from 'class-validator';
import { toEventView } from '../streams/event.view.js';

export class CorrelationParams {
  @IsString()
  @Matches(/^[\w.:@-]{1,200}$/, { message: 'correlationId must be an id (letters, digits, . _ : @ -)' })
  correlationId: string;
}

/** Every event of one correlation, in log order; the page draws the tree of causes from causationId. */
@ApiTags('correlations')
@ApiBearerAuth()
@RequireRole('operator')
@Controller('api/correlations')
export class CorrelationsController {
  constructor(@Inject(EventStoreDBClient) private readonly client: EventStoreDBClient) {}

  @Get(':correlationId')
  @ApiOperation({ summary: 'Events carrying a correlation id, across streams (one pass over $all)' })
  async find(@Param() { correlationId }: CorrelationParams) {
    const found = await correlatedEvents(this.client, correlationId);
    return { correlationId, truncated: found.truncated, events: found.events.map(toEventView) };
  }
}
