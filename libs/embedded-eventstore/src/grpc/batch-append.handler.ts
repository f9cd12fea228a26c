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
import {
  decodeExpectedRevision,
  decodeProposedEvent,
  decodeStreamName,
  proposedSize,
} from './request-decoding.js';
import { invalidArgumentError, MAX_APPEND_SIZE, RequestError, unknownError } from './status-errors.js';

type BatchAppendCall = ServerDuplexStream<StreamsPb.BatchAppendReq, StreamsPb.BatchAppendResp>;

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
    const reply = (response: StreamsPb.BatchAppendResp): void => {
      if (!closed) call.write(response);
    };
    const finishIfIdle = (): void => {
      if (clientDone && inFlight === 0 && !closed) {
        closed = true;
        call.end();
      }
    };
    call.on('data', (request: StreamsPb.BatchAppendReq) => {
      if (closed) return;
      try {
        const batch = receiveChunk(pending, request);
        if (!request.getIsFinal()) return;
        pending.delete(keyOf(request));
        if (batch.size > MAX_APPEND_SIZE) return reply(batchTooLargeResponse(batch));
        if (Date.now() > batch.deadline) return reply(batchTimeoutResponse(batch));
        inFlight++;
        engine
          .append(batch.streamName, batch.expected, batch.events)
          .then(
            (outcome) => reply(batchOutcomeResponse(batch, outcome)),
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

function receiveChunk(pending: Map<string, PendingBatch>, request: StreamsPb.BatchAppendReq): PendingBatch {
  const key = keyOf(request);
  let batch = pending.get(key);
  if (!batch) {
    const options = request.getOptions();
    if (!options)
      throw new RequestError(invalidArgumentError('The first chunk of an append must carry options'));
    const deadline = options.getDeadline();
    batch = {
      correlationId: request.getCorrelationId(),
      streamName: decodeStreamName(options.getStreamIdentifier()),
      expected: decodeExpectedRevision({
        hasAny: () => options.hasAny(),
        hasNoStream: () => options.hasNoStream(),
        hasStreamExists: () => options.hasStreamExists(),
        exact: () => (options.hasStreamPosition() ? options.getStreamPosition() : undefined),
      }),
      deadline: deadline ? deadline.toDate().getTime() : Number.POSITIVE_INFINITY,
      events: [],
      size: 0,
    };
    pending.set(key, batch);
  }
  for (const message of request.getProposedMessagesList()) {
    const event = decodeProposedEvent(message);
    batch.size += proposedSize(event);
    // Past the limit the events are dropped at once: only the size matters for the answer.
    if (batch.size > MAX_APPEND_SIZE) batch.events = [];
    else batch.events.push(event);
  }
  return batch;
}

function keyOf(request: StreamsPb.BatchAppendReq): string {
  const id = request.getCorrelationId();
  return id?.getString() || (id ? Buffer.from(id.serializeBinary()).toString('hex') : '');
}
