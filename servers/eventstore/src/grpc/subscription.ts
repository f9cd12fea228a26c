import { randomUUID } from 'node:crypto';
import { AllIndexFilter } from '../engine/all-index-filter.js';
import { resolve } from '../engine/event-reader.js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import { caughtUpResponse, checkpointResponse, confirmationResponse } from './read-responses.js';
import type { ReadResponse } from './read-responses.js';
import { encodeCheckpointResponse } from './checkpoint.encoder.js';
import { encodeEventResponse } from './read-event.encoder.js';
import type { ReadRequest } from './read-request.js';
import type { ResponseSink } from './response-sink.js';
import { streamDeletedError } from './status-errors.js';

type Sink = ResponseSink<ReadResponse>;

/** Events read from the log at once: one read of neighbouring records (LogStorage.readMany). */
const BATCH_EVENTS = 256;
/** `$all` entries a filtered batch examines at most, so that a selective filter still yields. */
const MAX_SCANNED = 16 * 1024;

/** KurrentDB's live buffer of a subscription: events beyond it are dropped, and it falls behind. */
const LIVE_BUFFER_EVENTS = 32;

/**
 * Catching up or live. As on KurrentDB, a live subscriber for which more committed events than
 * its live buffer holds are waiting while it blocks on the client has fallen behind: it goes on
 * from the log, and is told caught_up again once it has caught up. KurrentDB sends no
 * fell_behind to gRPC clients (its converter maps it to nothing: "currently not sent to
 * clients"), so neither does this server.
 */
class SubscriptionPhase {
  live = false;

  /** After a wait on the client, with `backlog` committed events not yet sent. */
  waited(backlog: number): void {
    if (this.live && backlog > LIVE_BUFFER_EVENTS) this.live = false;
  }
}

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
  const phase = new SubscriptionPhase();
  const batch: number[] = [];
  while (!sink.closed) {
    const commit = engine.nextCommit();
    if (engine.catalog.isTombstoned(streamName)) return sink.fail(streamDeletedError(streamName));
    const stream = engine.catalog.get(streamName);
    if (stream) {
      next = Math.max(next, stream.firstVisibleRevision());
      const now = engine.clock();
      while (next < stream.positions.length && !sink.closed) {
        batch.length = 0;
        for (; next < stream.positions.length && batch.length < BATCH_EVENTS; next++) {
          batch.push(stream.positions.at(next));
        }
        const events = engine.readEvents(batch);
        for (let i = 0; i < events.length; i++) {
          const event = events[i]!;
          if (stream.isExpired(event.created, now)) continue;
          const wait = sink.send(
            encodeEventResponse(resolve(engine, event, request.resolveLinks), request.uuidFormat),
          );
          if (wait) {
            await wait;
            phase.waited(stream.positions.length - next + events.length - i - 1);
          }
        }
      }
    }
    if (!phase.live) {
      phase.live = true;
      await sink.write(caughtUpResponse());
    }
    if (stream && next < stream.positions.length) continue;
    await sink.waitFor(commit);
  }
}

async function followAll(engine: EventStoreEngine, request: ReadRequest, sink: Sink): Promise<void> {
  const { filter, checkpointInterval, resolveLinks, uuidFormat } = request;
  const all = engine.catalog.all;
  const verdicts = filter ? new AllIndexFilter(filter, engine.catalog) : undefined;
  const from = request.source.from;
  let next = from === 'start' ? 0 : from === 'end' ? all.length : all.seek(from, true);
  let examined = 0;
  const phase = new SubscriptionPhase();
  const batch: number[] = [];
  /** Checkpoints due in the batch, in pairs: events of the batch before it, its position. */
  const checkpoints: number[] = [];
  while (!sink.closed) {
    const commit = engine.nextCommit();
    while (next < all.length && !sink.closed) {
      batch.length = 0;
      checkpoints.length = 0;
      const scanEnd = Math.min(all.length, next + MAX_SCANNED);
      while (next < scanEnd && batch.length < BATCH_EVENTS) {
        const index = next++;
        if (!verdicts || verdicts.matches(index)) batch.push(all.logPositionAt(index));
        if (verdicts && ++examined % checkpointInterval === 0) {
          checkpoints.push(batch.length, all.logPositionAt(index));
        }
      }
      const events = engine.readEvents(batch);
      let due = 0;
      for (let i = 0; i <= events.length; i++) {
        for (; due < checkpoints.length && checkpoints[due] === i; due += 2) {
          const wait = sink.send(encodeCheckpointResponse(checkpoints[due + 1]!));
          if (wait) await wait;
        }
        if (i === events.length) break;
        const wait = sink.send(encodeEventResponse(resolve(engine, events[i]!, resolveLinks), uuidFormat));
        if (wait) {
          await wait;
          phase.waited(all.length - next + events.length - i - 1);
        }
      }
      // A long scan that sends little (a selective filter) must not hold the event loop.
      if (batch.length < BATCH_EVENTS) await new Promise((resolve) => setImmediate(resolve));
    }
    if (!phase.live) {
      phase.live = true;
      if (filter && all.length > 0) await sink.write(checkpointResponse(all.positionAt(all.length - 1)));
      await sink.write(caughtUpResponse());
    }
    if (next < all.length) continue;
    await sink.waitFor(commit);
  }
}
