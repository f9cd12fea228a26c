import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { StreamSummaryView } from '@ledger/api-views';
import { aggregateAt, foldAggregate, listStreams, readStream } from '@ledger/event-log';
import { RequireRole } from '@ledger/http';
import { toEventView } from './event.view.js';
import { ListStreamsQuery, ReadEventsQuery, StreamParams, TimeTravelQuery } from './streams.query.js';

const PAGE = 100;

/** Streams, their events and their aggregates as they were: read with @ledger/event-log, as the CLI does. */
@ApiTags('streams')
@ApiBearerAuth()
@RequireRole('operator')
@Controller('api/streams')
export class StreamsController {
  constructor(@Inject(EventStoreDBClient) private readonly client: EventStoreDBClient) {}

  @Get()
  @ApiOperation({ summary: 'Streams by prefix, with event counts and last change (one pass over $all)' })
  async list(@Query() query: ListStreamsQuery) {
    const { streams, truncated } = await listStreams(this.client, { prefix: query.prefix ?? '' });
    return {
      truncated,
      streams: streams.map((s): StreamSummaryView => ({
        streamId: s.streamId,
        events: s.events,
        lastRevision: s.lastRevision.toString(),
        lastPosition: s.lastPosition.toString(),
        lastChanged: s.lastChanged.toISOString(),
      })),
    };
  }

  @Get(':stream/events')
  @ApiOperation({ summary: "A page of a stream's events (upcast unless raw=true), and its last revision" })
  async events(@Param() { stream }: StreamParams, @Query() query: ReadEventsQuery) {
    const [last] = await readStream(this.client, stream, { backwards: true, limit: 1, raw: true });
    const events = await readStream(this.client, stream, {
      from: BigInt(query.from ?? '0'),
      limit: query.limit ?? PAGE,
      raw: query.raw === 'true',
    });
    return { streamId: stream, lastRevision: last!.revision.toString(), events: events.map(toEventView) };
  }

  @Get(':stream/time-travel')
  @ApiOperation({ summary: 'The aggregate at a revision, the state before it and the event between' })
  async timeTravel(@Param() { stream }: StreamParams, @Query() query: TimeTravelQuery) {
    const [last] = await readStream(this.client, stream, { backwards: true, limit: 1, raw: true });
    const lastRevision = last!.revision;
    const wanted = BigInt(query.revision);
    const at = await aggregateAt(this.client, stream, {
      revision: wanted < lastRevision ? wanted : lastRevision,
    });
    const before = foldAggregate(stream, at.events.slice(0, -1), 'end');
    const event = at.events.at(-1);
    return {
      streamId: stream,
      kind: at.kind,
      revision: at.revision?.toString() ?? null,
      lastRevision: lastRevision.toString(),
      state: at.state,
      previousState: before.state,
      event: event ? toEventView(event) : null,
    };
  }
}
