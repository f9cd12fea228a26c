import type { ResolvedEvent } from '../engine/event-reader.js';
import { readAllEvents, readStreamEvents } from '../engine/event-reader.js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import { encodeEventResponse } from './read-event.encoder.js';
import type { ReadResponse } from './read-responses.js';
import { streamNotFoundResponse } from './read-responses.js';
import type { ReadRequest } from './read-request.js';
import type { ResponseSink } from './response-sink.js';
import { streamDeletedError } from './status-errors.js';

/** A read of at most `count` events from a stream or `$all`, then the end of the call. */
export async function runCountRead(
  engine: EventStoreEngine,
  request: ReadRequest & { count: number },
  sink: ResponseSink<ReadResponse>,
): Promise<void> {
  const events = eventsOf(engine, request, sink);
  if (!events) return;
  let remaining = request.count;
  for (const resolved of events) {
    if (remaining-- <= 0 || sink.closed) break;
    const wait = sink.send(encodeEventResponse(resolved, request.uuidFormat));
    if (wait) await wait;
  }
  sink.end();
}

function eventsOf(
  engine: EventStoreEngine,
  request: ReadRequest,
  sink: ResponseSink<ReadResponse>,
): Iterable<ResolvedEvent> | undefined {
  const { source, direction, resolveLinks } = request;
  if (source.kind === 'all') {
    return readAllEvents(
      engine,
      allStartIndex(engine, source.from, direction),
      direction,
      request.filter,
      resolveLinks,
    );
  }
  const stream = engine.catalog.get(source.streamName);
  if (engine.catalog.isTombstoned(source.streamName)) {
    sink.fail(streamDeletedError(source.streamName));
    return undefined;
  }
  if (!stream?.readable) {
    void sink.write(streamNotFoundResponse(source.streamName)).then(() => sink.end());
    return undefined;
  }
  return readStreamEvents(engine, stream, source.from, direction, resolveLinks);
}

/** Forwards from X includes X; backwards from X returns what lies before X (as the real server). */
function allStartIndex(
  engine: EventStoreEngine,
  from: bigint | 'start' | 'end',
  direction: 'forwards' | 'backwards',
): number {
  const all = engine.catalog.all;
  if (direction === 'forwards')
    return from === 'start' ? 0 : from === 'end' ? all.length : all.seek(from, false);
  return from === 'start' ? -1 : from === 'end' ? all.length - 1 : all.seek(from, false) - 1;
}
