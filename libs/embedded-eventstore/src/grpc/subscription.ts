import { randomUUID } from 'node:crypto';
import { filterMatches } from '../engine/event-filter.js';
import { resolve } from '../engine/event-reader.js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import { caughtUpResponse, checkpointResponse, confirmationResponse } from './read-responses.js';
import type { ReadResponse } from './read-responses.js';
import { encodeEventResponse } from './read-event.encoder.js';
import type { ReadRequest } from './read-request.js';
import type { ResponseSink } from './response-sink.js';
import { streamDeletedError } from './status-errors.js';

type Sink = ResponseSink<ReadResponse>;

/**
 * A catch-up subscription: confirmation, stored events, caught_up, then live events. It reads
 * from the index at its own pace (bounded by the call's backpressure), so live events never
 * queue in memory behind a slow subscriber.
 */
export async function runSubscription(
  engine: EventStoreEngine,
  request: ReadRequest,
  sink: Sink,
): Promise<void> {
  const source = request.source;
  if (source.kind === 'stream' && engine.catalog.isTombstoned(source.streamName)) {
    return sink.fail(streamDeletedError(source.streamName));
  }
  await sink.write(confirmationResponse(randomUUID()));
  if (source.kind === 'stream') await followStream(engine, request, source.streamName, sink);
  else await followAll(engine, request, sink);
}

async function followStream(
  engine: EventStoreEngine,
  request: ReadRequest,
  streamName: string,
  sink: Sink,
): Promise<void> {
  const from = request.source.from;
  const initial = engine.catalog.get(streamName)?.positions.length ?? 0;
  let next = from === 'start' ? 0 : from === 'end' ? initial : Number(from) + 1;
  let caughtUp = false;
  while (!sink.closed) {
    const commit = engine.nextCommit();
    if (engine.catalog.isTombstoned(streamName)) return sink.fail(streamDeletedError(streamName));
    const stream = engine.catalog.get(streamName);
    if (stream) {
      next = Math.max(next, stream.firstVisibleRevision());
      const now = engine.clock();
      for (; next < stream.positions.length && !sink.closed; next++) {
        const event = engine.readEvent(stream.positionOf(next));
        if (stream.isExpired(event.created, now)) continue;
        await sink.write(
          encodeEventResponse(resolve(engine, event, request.resolveLinks), request.uuidFormat),
        );
      }
    }
    if (!caughtUp) {
      caughtUp = true;
      await sink.write(caughtUpResponse());
    }
    if (stream && next < stream.positions.length) continue;
    await sink.waitFor(commit);
  }
}

async function followAll(engine: EventStoreEngine, request: ReadRequest, sink: Sink): Promise<void> {
  const { filter, checkpointInterval, resolveLinks, uuidFormat } = request;
  const all = engine.catalog.all;
  const from = request.source.from;
  let next = from === 'start' ? 0 : from === 'end' ? all.length : all.seek(from, true);
  let examined = 0;
  let caughtUp = false;
  while (!sink.closed) {
    const commit = engine.nextCommit();
    for (; next < all.length && !sink.closed; next++) {
      const streamName = engine.catalog.byId(all.streamIdAt(next)).name;
      if (!filter || filterMatches(filter, streamName, all.typeAt(next))) {
        const event = engine.readEvent(all.positionAt(next));
        await sink.write(encodeEventResponse(resolve(engine, event, resolveLinks), uuidFormat));
      }
      if (filter && ++examined % checkpointInterval === 0)
        await sink.write(checkpointResponse(all.positionAt(next)));
    }
    if (!caughtUp) {
      caughtUp = true;
      if (filter && all.length > 0) await sink.write(checkpointResponse(all.positionAt(all.length - 1)));
      await sink.write(caughtUpResponse());
    }
    if (next < all.length) continue;
    await sink.waitFor(commit);
  }
}
