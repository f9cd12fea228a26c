import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import type { ProposedEvent } from '../engine/outcomes.js';
import type { BatchTarget } from './batch-append-responses.js';
import {
  batchBadRequestResponse,
  batchOutcomeResponse,
  batchTimeoutResponse,
  batchTooLargeResponse,
  batchUnknownResponse,
} from './batch-append-responses.js';
import type { StreamsPb } from './generated-code.js';
import type { BatchAppendChunk } from './batch-append.codec.js';
import { decodeBatchAppendRequest, encodeBatchAppendSuccess } from './batch-append.codec.js';
import { proposedSize } from './request-decoding.js';
import type { StatusError } from './status-errors.js';
import { MAX_APPEND_SIZE, RequestError, unknownError } from './status-errors.js';

type BatchAppendCall = ServerDuplexStream<Buffer, BatchAppendResponse>;

/** What BatchAppend sends: a success encoded by hand, or a google-protobuf message (failures). */
export type BatchAppendResponse = StreamsPb.BatchAppendResp | Buffer;

/** The real server's default write timeout: an append must arrive in full within it. */
const WRITE_TIMEOUT_MS = 2_000;

/** Bounds the memory of appends answered before their last chunk (see `abandoned`). */
const MAX_ABANDONED = 1_024;

/** An append being received in chunks, keyed by its correlation id. */
interface PendingBatch extends BatchTarget {
  deadline: number;
  events: ProposedEvent[];
  size: number;
  /** Answers Timeout if the last chunk is late; set only while chunks are awaited. */
  timer: NodeJS.Timeout | undefined;
}

/**
 * `Streams.BatchAppend`: one long-lived call per client carrying many appends, each in one or
 * more chunks; one answer per append. A refused append (bad event, late chunks, too large) is
 * answered alone with a status detail and the call stays open, as on the real server: the 6.2.1
 * client fails every append of the process when the call ends. Only bytes that cannot be read
 * as a request end the call, once the appends being written have been answered.
 */
export function handleBatchAppend(engine: EventStoreEngine) {
  return (call: BatchAppendCall): void => {
    const pending = new Map<string, PendingBatch>();
    // Appends answered before their last chunk: the rest of their chunks is ignored, since the
    // client throws on an answer for a correlation id it no longer knows.
    const abandoned = new Set<string>();
    let closed = false;
    let inFlight = 0;
    let clientDone = false;
    let failure: StatusError | undefined;

    const reply = (response: BatchAppendResponse): void => {
      if (!closed) call.write(response);
    };
    const finishIfIdle = (): void => {
      if (closed || inFlight > 0) return;
      if (failure) {
        closed = true;
        call.emit('error', failure);
      } else if (clientDone) {
        closed = true;
        call.end();
      }
    };
    const dropAll = (): void => {
      for (const batch of pending.values()) clearTimeout(batch.timer);
      pending.clear();
      abandoned.clear();
    };
    /** Answers an append before its last chunk; its later chunks are then ignored. */
    const refuse = (chunk: BatchAppendChunk, response: BatchAppendResponse): void => {
      const batch = pending.get(chunk.key);
      if (batch) {
        clearTimeout(batch.timer);
        pending.delete(chunk.key);
      }
      if (!chunk.isFinal) abandon(chunk.key);
      reply(response);
    };
    const abandon = (key: string): void => {
      abandoned.add(key);
      if (abandoned.size > MAX_ABANDONED) abandoned.delete(abandoned.values().next().value!);
    };
    const expire = (key: string): void => {
      const batch = pending.get(key);
      if (!batch) return;
      pending.delete(key);
      abandon(key);
      reply(batchTimeoutResponse(batch));
    };

    const receive = (chunk: BatchAppendChunk): void => {
      let batch = pending.get(chunk.key);
      if (!batch) {
        const options = chunk.options;
        if (!options) {
          // The rest of an append already answered is dropped silently, as the real server does.
          if (abandoned.has(chunk.key)) {
            if (chunk.isFinal) abandoned.delete(chunk.key);
            return;
          }
          const reason = chunk.problem ?? 'The first chunk of an append must carry options';
          return refuse(chunk, batchBadRequestResponse(unnamedTarget(chunk), reason));
        }
        abandoned.delete(chunk.key);
        batch = { correlationId: chunk.correlationId, ...options, events: [], size: 0, timer: undefined };
        // As the real server: the shorter of the request's deadline and the write timeout.
        const timeoutMs = Math.min(options.deadline - Date.now(), WRITE_TIMEOUT_MS);
        if (timeoutMs <= 0) return refuse(chunk, batchTimeoutResponse(batch));
        if (!chunk.isFinal) {
          const key = chunk.key;
          batch.timer = setTimeout(() => expire(key), timeoutMs);
          batch.timer.unref();
          pending.set(key, batch);
        }
      }
      if (chunk.problem) return refuse(chunk, batchBadRequestResponse(batch, chunk.problem));
      for (const event of chunk.events) {
        batch.size += proposedSize(event);
        batch.events.push(event);
      }
      if (batch.size > MAX_APPEND_SIZE) return refuse(chunk, batchTooLargeResponse(batch));
      if (!chunk.isFinal) return;
      if (batch.timer) {
        // Chunks came over time: the timer may not have fired yet for a deadline already past.
        clearTimeout(batch.timer);
        pending.delete(chunk.key);
        if (Date.now() > batch.deadline) return reply(batchTimeoutResponse(batch));
      }
      write(batch);
    };

    const write = (batch: PendingBatch): void => {
      inFlight++;
      engine
        .append(batch.streamName, batch.expected, batch.events)
        .then(
          (outcome) =>
            reply(
              outcome.kind === 'success'
                ? encodeBatchAppendSuccess({ ...batch, current: outcome.current, position: outcome.position })
                : batchOutcomeResponse(batch, outcome),
            ),
          (error: unknown) => reply(batchUnknownResponse(batch, `Append failed: ${String(error)}`)),
        )
        .finally(() => {
          inFlight--;
          finishIfIdle();
        });
    };

    call.on('data', (request: Buffer) => {
      if (closed || failure) return;
      let chunk: BatchAppendChunk;
      try {
        chunk = decodeBatchAppendRequest(request);
      } catch (error) {
        failure = error instanceof RequestError ? error.status : unknownError(String(error));
        dropAll();
        return finishIfIdle();
      }
      receive(chunk);
    });
    call.on('end', () => {
      // Appends still waiting for chunks will not get them: drop their events now.
      clientDone = true;
      dropAll();
      finishIfIdle();
    });
    const gone = (): void => {
      closed = true;
      dropAll();
    };
    call.on('error', gone);
    call.on('cancelled', gone);
  };
}

/** The target of an answer to a chunk whose options are missing or unreadable. */
function unnamedTarget(chunk: BatchAppendChunk): BatchTarget {
  return { correlationId: chunk.correlationId, streamName: '', expected: { kind: 'any' } };
}
