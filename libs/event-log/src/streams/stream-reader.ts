import {
  BACKWARDS,
  END,
  type EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import { InvalidRequestError, type LoggedEvent, NotFoundError } from '../logged-event.js';
import { toLoggedEvent } from './recorded-event.mapper.js';

export interface ReadStreamOptions {
  /** First revision read (the last one when backwards); default the start (end when backwards). */
  from?: bigint;
  backwards?: boolean;
  /** At most this many events (default 100, at most MAX_READ_LIMIT). */
  limit?: number;
  /** As stored, not upcast. */
  raw?: boolean;
}

export const DEFAULT_READ_LIMIT = 100;
/** One read holds its events in memory: page with `from` past this. */
export const MAX_READ_LIMIT = 10_000;

/** A page of one stream's events, upcast unless `raw`. Throws NotFoundError for no such stream. */
export async function readStream(
  client: EventStoreDBClient,
  stream: string,
  options: ReadStreamOptions = {},
): Promise<LoggedEvent[]> {
  const limit = options.limit ?? DEFAULT_READ_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_READ_LIMIT) {
    throw new InvalidRequestError(`limit must be an integer from 1 to ${MAX_READ_LIMIT}`);
  }
  const events: LoggedEvent[] = [];
  try {
    // maxCount bounds the read, so the loop always runs to its end (never break out of it).
    const read = client.readStream(stream, {
      direction: options.backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.from ?? (options.backwards ? END : START),
      maxCount: limit,
    });
    for await (const resolved of read) events.push(toLoggedEvent(resolved, options.raw ?? false));
  } catch (error) {
    if (error instanceof StreamNotFoundError) throw new NotFoundError(`Stream ${stream} does not exist`);
    throw error;
  }
  return events;
}
