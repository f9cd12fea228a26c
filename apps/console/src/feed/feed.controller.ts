import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  type Position,
  type ResolvedEvent,
  START,
} from '@eventstore/db-client';
import type { ServerResponse } from 'node:http';
import {
  type BeforeApplicationShutdown,
  Controller,
  Get,
  Inject,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
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
export class FeedController implements BeforeApplicationShutdown {
  /** The feeds open now (at most maxFeeds): ended on shutdown, or the server would wait for them. */
  private readonly feeds = new Set<ServerResponse>();

  constructor(
    @Inject(EventStoreDBClient) private readonly client: EventStoreDBClient,
    @Inject(ConsoleSettings) private readonly settings: ConsoleSettings,
  ) {}

  @Get()
  @ApiOperation({ summary: '$all as text/event-stream: recent events, then new ones as they are written' })
  async follow(@Query() query: FeedQuery, @Res() reply: FastifyReply): Promise<void> {
    if (this.feeds.size >= this.settings.maxFeeds) {
      throw new ServiceUnavailableException(
        `${this.settings.maxFeeds} live feeds are open already; retry later.`,
      );
    }
    const raw = reply.raw;
    this.feeds.add(raw);
    // Registered first: a page that leaves while the recent events are read still frees its place.
    let stop = (): void => undefined;
    raw.on('close', () => {
      this.feeds.delete(raw);
      stop();
    });
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      // A feed's connection is its own: not kept alive after it, so shutdown never waits on it.
      connection: 'close',
    });
    const send = (resolved: ResolvedEvent) => {
      const p = resolved.event?.position;
      if (!p || resolved.event!.streamId.startsWith('$') || raw.writableEnded) return;
      raw.write(
        `id: ${p.commit}:${p.prepare}\nevent: event\ndata: ${JSON.stringify(toEventView(toLoggedEvent(resolved, false)))}\n\n`,
      );
      if (raw.writableLength > MAX_BUFFERED_BYTES) raw.end('event: overflow\ndata: {}\n\n');
    };
    let from: Position | typeof START = START;
    try {
      if (query.after) {
        const [commit, prepare] = query.after.split(':').map(BigInt) as [bigint, bigint];
        from = { commit, prepare };
      } else {
        const recent: ResolvedEvent[] = [];
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
        recent.reverse().forEach(send);
      }
    } catch {
      // The event store is away: the page sees the feed end and may reconnect.
      raw.end();
      return;
    }
    if (raw.destroyed || raw.writableEnded) return;
    const subscription = this.client.subscribeToAll({
      fromPosition: from,
      filter: eventTypeFilter({ regex: '^[^$]' }),
    });
    subscription.on('data', send);
    subscription.on('error', () => raw.end());
    const heartbeat = setInterval(() => raw.write(': still here\n\n'), HEARTBEAT_MS);
    stop = () => {
      clearInterval(heartbeat);
      void subscription.unsubscribe();
    };
  }

  beforeApplicationShutdown(): void {
    for (const feed of this.feeds) feed.end();
  }
}
