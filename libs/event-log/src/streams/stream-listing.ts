import { type EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';

export interface StreamSummary {
  streamId: string;
  /** Events of the stream found in `$all`. */
  events: number;
  lastRevision: bigint;
  lastPosition: bigint;
  /** When the store wrote its last event. */
  lastChanged: Date;
}

export interface StreamListing {
  streams: StreamSummary[];
  /** More streams matched than `maxStreams`: the ones past it are left out (not counted). */
  truncated: boolean;
}

export interface ListStreamsOptions {
  prefix?: string;
  /** Streams tallied at most (default DEFAULT_MAX_STREAMS); the map of counts is bounded by it. */
  maxStreams?: number;
}

export const DEFAULT_MAX_STREAMS = 10_000;

/**
 * The streams in the log with their event counts and last positions, by one pass over `$all`
 * (EventStoreDB keeps no stream index a client can list). System streams (`$…`) are left out.
 */
export async function listStreams(
  client: EventStoreDBClient,
  options: ListStreamsOptions = {},
): Promise<StreamListing> {
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  const prefix = options.prefix ?? '';
  const tally = new Map<string, StreamSummary>();
  let truncated = false;
  for await (const { event } of client.readAll({ direction: FORWARDS, fromPosition: START })) {
    if (!event || event.streamId.startsWith('$') || !event.streamId.startsWith(prefix)) continue;
    const position = event.position?.commit ?? 0n;
    const known = tally.get(event.streamId);
    if (known) {
      known.events += 1;
      known.lastRevision = event.revision;
      known.lastPosition = position;
      known.lastChanged = event.created;
    } else if (tally.size < maxStreams) {
      tally.set(event.streamId, {
        streamId: event.streamId,
        events: 1,
        lastRevision: event.revision,
        lastPosition: position,
        lastChanged: event.created,
      });
    } else truncated = true;
  }
  const streams = [...tally.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
  return { streams, truncated };
}
