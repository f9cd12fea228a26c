import { BACKWARDS, END, EventStoreDBClient, eventTypeFilter, START } from '@eventstore/db-client';
import { Controller, Get, Inject, Query, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { toLoggedEvent } from '@ledger/event-log';
import { RequireRole } from '@ledger/http';
import { IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ConsoleSettings } from '../config/console.config.js';
import { toEventView } from '../streams/event.view.js';

export class FeedQuery {
  /** The `id` of the last event the page saw (`commit:prepare`): the feed goes on after it. */
  @IsOptional()
  @Matches(/^\d{1,20}:\d{1,20}$/, { message: 'after must be the id of a feed event' })
  after?: string;
}

/** Events shown when a feed opens without `after`, so it is never blank. */
const RECENT = 20;
/** A page that reads slower than this is cut off: it reconnects with `after` and loses nothing. */
const MAX_BUFFERED_BYTES = 1 << 20;
const HEARTBEAT_MS = 15_000;

/**
 * `$all` live, as server-sent events (read by the page with fetch, so the key travels in a header,
 * never in a URL). At most CONSOLE_MAX_FEEDS at once; one more is a 503.
 */
@ApiTags('feed')
@ApiBearerAuth()
@RequireRole('operator')
@Controller('api/feed')
export class FeedController {
  private open = 0;

  constructor(
    @Inject(EventStoreDBClient) private readonly client: EventStoreDBClient,
    @Inject(ConsoleSettings) private readonly settings: ConsoleSettings,
  ) {}

  @Get()
  @ApiOperation({ summary: '$all as text/event-stream: recent events, then new ones as they are written' })
  async follow(@Query() query: FeedQuery, @Res() reply: FastifyReply): Promise<void> {
    if (this.open >= this.settings.maxFeeds) {
      throw new ServiceUnavailableException(
        `${this.settings.maxFeeds} live feeds are open already; retry later.`,
      );
    }
    this.open += 1;
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    const send = (view: ReturnType<typeof toEventView>, id: string) => {
      raw.write(`id: ${id}\nevent: event\ndata: ${JSON.stringify(view)}\n\n`);
      if (raw.writableLength > MAX_BUFFERED_BYTES) raw.end('event: overflow\ndata: {}\n\n');
    };
    let from: { commit: bigint; prepare: bigint } | typeof START = START;
    if (query.after) {
      const [commit, prepare] = query.after.split(':').map(BigInt) as [bigint, bigint];
      from = { commit, prepare };
    } else {
      const recent = [];
      // Bounded by maxCount, so the read runs to its end.
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: RECENT * 5,
      })) {
        if (from === START && resolved.event?.position) from = resolved.event.position;
        if (resolved.event && !resolved.event.streamId.startsWith('$') && recent.length < RECENT)
          recent.push(resolved);
      }
      for (const resolved of recent.reverse()) {
        const p = resolved.event!.position!;
        send(toEventView(toLoggedEvent(resolved, false)), `${p.commit}:${p.prepare}`);
      }
    }
    const subscription = this.client.subscribeToAll({
      fromPosition: from,
      filter: eventTypeFilter({ regex: '^[^$]' }),
    });
    subscription.on('data', (resolved) => {
      const p = resolved.event?.position;
      if (!p || resolved.event!.streamId.startsWith('$') || raw.writableEnded) return;
      send(toEventView(toLoggedEvent(resolved, false)), `${p.commit}:${p.prepare}`);
    });
    subscription.on('error', () => raw.end());
    const heartbeat = setInterval(() => raw.write(': still here\n\n'), HEARTBEAT_MS);
    raw.on('close', () => {
      clearInterval(heartbeat);
      this.open -= 1;
      void subscription.unsubscribe();
    });
  }
}
