import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import type { ProposedEvent } from '../engine/outcomes.js';
import type { BatchTarget } from './batch-append-responses.js';
import {
  batchOutcomeResponse,
  batchTimeoutResponse,
  batchTooLargeResponse,
  batchUnknownResponse,
} from './batch-append-responses.js';
import type { StreamsPb } from './generated-code.js';
import type { BatchAppendChunk } from './batch-append.codec.js';
import { decodeBatchAppendRequest, encodeBatchAppendSuccess } from './batch-append.codec.js';
import { proposedSize } from './request-decoding.js';
import { invalidArgumentError, MAX_APPEND_SIZE, RequestError, unknownError } from './status-errors.js';

type BatchAppendCall = ServerDuplexStream<Buffer, BatchAppendResponse>;

/** What BatchAppend sends: a success encoded by hand, or a google-protobuf message (failures). */
export type BatchAppendResponse = StreamsPb.BatchAppendResp | Buffer;

/** An append being received in chunks, keyed by its correlation id. */
interface PendingBatch extends BatchTarget {
  deadline: number;
  events: ProposedEvent[];
  size: number;
}

/**
 * `Streams.BatchAppend`: one long-lived call per client carrying many appends, each in one or
 * more chunks; one answer per final chunk. Malformed events end the call (as the real server
 * does); per-append failures are answered as status details and the call stays open.
 */
export function handleBatchAppend(engine: EventStoreEngine) {
  return (call: BatchAppendCall): void => {
    const pending = new Map<string, PendingBatch>();
    let closed = false;
    let inFlight = 0;
    let clientDone = false;
    const reply = (response: BatchAppendResponse): void => {
      if (!closed) call.write(response);
    };
    const finishIfIdle = (): void => {
      if (clientDone && inFlight === 0 && !closed) {
        closed = true;
        call.end();
      }
    };
    call.on('data', (request: Buffer) => {
      if (closed) return;
      try {
        const chunk = decodeBatchAppendRequest(request);
        const batch = receiveChunk(pending, chunk);
        if (!chunk.isFinal) return;
        pending.delete(chunk.key);
        if (batch.size > MAX_APPEND_SIZE) return reply(batchTooLargeResponse(batch));
        if (Date.now() > batch.deadline) return reply(batchTimeoutResponse(batch));
        inFlight++;
        engine
          .append(batch.streamName, batch.expected, batch.events)
          .then(
            (outcome) =>
              reply(
                outcome.kind === 'success'
                  ? encodeBatchAppendSuccess({
                      ...batch,
                      current: outcome.current,
                      position: outcome.position,
                    })
                  : batchOutcomeResponse(batch, outcome),
              ),
            (error: unknown) => reply(batchUnknownResponse(batch, `Append failed: ${String(error)}`)),
          )
          .finally(() => {
            inFlight--;
            finishIfIdle();
          });
      } catch (error) {
        closed = true;
        call.emit('error', error instanceof RequestError ? error.status : unknownError(String(error)));
      }
    });
    call.on('end', () => {
      clientDone = true;
      finishIfIdle();
    });
    call.on('error', () => {
      closed = true;
    });
    call.on('cancelled', () => {
      closed = true;
    });
  };
}

function receiveChunk(pending: Map<string, PendingBatch>, chunk: BatchAppendChunk): PendingBatch {
  let batch = pending.get(chunk.key);
  if (!batch) {
    const options = chunk.options;
    if (!options)
      throw new RequestError(invalidArgumentError('The first chunk of an append must carry options'));
    batch = { correlationId: chunk.correlationId, ...options, events: [], size: 0 };
    pending.set(chunk.key, batch);
  }
  for (const event of chunk.events) {
    batch.size += proposedSize(event);
    // Past the limit the events are dropped at once: only the size matters for the answer.
    if (batch.size > MAX_APPEND_SIZE) batch.events = [];
    else batch.events.push(event);
  }
  return batch;
}
