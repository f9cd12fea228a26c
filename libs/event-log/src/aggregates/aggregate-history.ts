import { type EventStoreDBClient, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
import { type LoggedEvent, NotFoundError } from '../logged-event.js';
import { toLoggedEvent } from '../streams/recorded-event.mapper.js';
import { type AggregateAt, aggregateKindOf, type FoldPoint, foldAggregate } from './aggregate-fold.js';

/**
 * The aggregate of `streamId` as it was at `at`, folded from the stream's first event (never from
 * a snapshot). The whole stream up to `at` is read: an aggregate's history is what is shown.
 */
export async function aggregateAt(
  client: EventStoreDBClient,
  streamId: string,
  at: FoldPoint = 'end',
): Promise<AggregateAt> {
  aggregateKindOf(streamId);
  const events: LoggedEvent[] = [];
  try {
    const maxCount = at !== 'end' && 'revision' in at ? at.revision + 1n : undefined;
    const read = client.readStream(streamId, {
      direction: FORWARDS,
      fromRevision: START,
      ...(maxCount === undefined ? {} : { maxCount }),
    });
    for await (const resolved of read) events.push(toLoggedEvent(resolved, false));
  } catch (error) {
    if (error instanceof StreamNotFoundError) throw new NotFoundError(`Stream ${streamId} does not exist`);
    throw error;
  }
  if (events.length === 0) throw new NotFoundError(`Stream ${streamId} does not exist`);
  return foldAggregate(streamId, events, at);
}
