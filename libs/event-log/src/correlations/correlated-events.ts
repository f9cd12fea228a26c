import { type EventStoreDBClient, FORWARDS, type Position, START } from '@eventstore/db-client';
import { InvalidRequestError, type LoggedEvent } from '../logged-event.js';
import { toLoggedEvent } from '../streams/recorded-event.mapper.js';

export interface CorrelatedEvents {
  correlationId: string;
  /** Upcast, in log order. */
  events: LoggedEvent[];
  /** More events carried the id than `maxEvents`: the later ones are left out. */
  truncated: boolean;
}

export interface CorrelatedEventsOptions {
  /** Events kept at most (default 1,000): the answer is held in memory. */
  maxEvents?: number;
  /** `$all` is read in pages of this many events (default 1,024; at least 2, as a page repeats the last event of the one before). */
  pageSize?: number;
}

export const DEFAULT_MAX_CORRELATED = 1_000;

/**
 * Every event whose metadata carries `correlationId`, across streams, in log order. EventStoreDB
 * keeps no index a client can query by metadata, so this is one pass over `$all`, read in bounded
 * pages (each read runs to its end) and stopped once `maxEvents` are found.
 */
export async function correlatedEvents(
  client: EventStoreDBClient,
  correlationId: string,
  options: CorrelatedEventsOptions = {},
): Promise<CorrelatedEvents> {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_CORRELATED;
  const pageSize = options.pageSize ?? 1_024;
  if (correlationId.trim() === '') throw new InvalidRequestError('a correlation id is required');
  if (!Number.isSafeInteger(pageSize) || pageSize < 2)
    throw new InvalidRequestError('pageSize must be at least 2');
  const events: LoggedEvent[] = [];
  let truncated = false;
  let from: Position | typeof START = START;
  let after: Position | undefined;
  for (;;) {
    let read = 0;
    let fresh = 0;
    for await (const resolved of client.readAll({
      direction: FORWARDS,
      fromPosition: from,
      maxCount: pageSize,
    })) {
      read += 1;
      const event = resolved.event;
      if (!event?.position) continue;
      // A page starts at the last event of the one before: it is not counted twice.
      if (after && event.position.commit === after.commit && event.position.prepare === after.prepare)
        continue;
      after = event.position;
      fresh += 1;
      if (!event.isJson || event.streamId.startsWith('$')) continue;
      const metadata = event.metadata as Record<string, unknown> | undefined;
      if (metadata?.correlationId !== correlationId) continue;
      if (events.length < maxEvents) events.push(toLoggedEvent(resolved, false));
      else truncated = true;
    }
    if (read < pageSize || fresh === 0 || truncated || !after) break;
    from = after;
  }
  return { correlationId, events, truncated };
}
