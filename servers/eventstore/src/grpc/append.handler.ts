import type { sendUnaryData, ServerReadableStream } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import type { ExpectedRevision } from '../engine/expected-revision.js';
import type { AppendOutcome, ProposedEvent } from '../engine/outcomes.js';
import type { StreamsPb } from './generated-code.js';
import { clientStillThere } from './client-presence.js';
import { sharedPb, streamsPb } from './generated-code.js';
import {
  decodeExpectedRevision,
  decodeProposedEvent,
  decodeStreamName,
  proposedSize,
} from './request-decoding.js';
import type { StatusError } from './status-errors.js';
import {
  invalidArgumentError,
  MAX_APPEND_SIZE,
  maximumAppendSizeError,
  RequestError,
  streamDeletedError,
  unknownError,
} from './status-errors.js';

type AppendCall = ServerReadableStream<StreamsPb.AppendReq, StreamsPb.AppendResp>;

/**
 * `Streams.Append`: options, then one message per event; one answer when the client ends. An
 * Append whose client cancels or disappears before the end writes nothing, as on the real server.
 */
export function handleAppend(engine: EventStoreEngine, log: (line: string) => void) {
  return (call: AppendCall, callback: sendUnaryData<StreamsPb.AppendResp>): void => {
    let header: { streamName: string; expected: ExpectedRevision } | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let answered = false;
    let writing = false;
    const fail = (error: StatusError): void => {
      if (answered) return;
      answered = true;
      callback(error);
    };
    const abandoned = (): void => {
      // Once the write has started, a cancellation changes nothing (nor on the real server).
      if (answered || writing) return;
      answered = true;
      const target = header ? `to ${header.streamName}` : 'without options';
      log(`an Append ${target} was abandoned by its client after ${events.length} events: nothing written`);
    };
    call.on('data', (request: StreamsPb.AppendReq) => {
      if (answered) return;
      try {
        if (!header) {
          const options = request.getOptions();
          if (!options)
            throw new RequestError(invalidArgumentError('The first append message must carry options'));
          header = {
            streamName: decodeStreamName(options.getStreamIdentifier()),
            expected: decodeExpectedRevision({
              hasAny: () => options.hasAny(),
              hasNoStream: () => options.hasNoStream(),
              hasStreamExists: () => options.hasStreamExists(),
              exact: () => (options.hasRevision() ? options.getRevision() : undefined),
            }),
          };
          return;
        }
        const message = request.getProposedMessage();
        if (!message) throw new RequestError(invalidArgumentError('Expected an event'));
        const event = decodeProposedEvent(message);
        size += proposedSize(event);
        if (size > MAX_APPEND_SIZE) throw new RequestError(maximumAppendSizeError());
        events.push(event);
      } catch (error) {
        fail(error instanceof RequestError ? error.status : unknownError(String(error)));
      }
    });
    call.on('error', () => {
      answered = true;
    });
    call.on('cancelled', abandoned);
    call.on('end', () => {
      if (answered) return;
      if (!header) return fail(invalidArgumentError('No append options received'));
      const { streamName, expected } = header;
      // grpc-js ends the request stream of a cancelled call too: write only once the client has
      // shown it is still there.
      void clientStillThere(call).then((present) => {
        if (answered) return;
        if (!present) return abandoned();
        writing = true;
        engine.append(streamName, expected, events).then(
          (outcome) => {
            if (outcome.kind === 'stream_deleted') return fail(streamDeletedError(streamName));
            answered = true;
            callback(null, appendResponse(outcome));
          },
          (error: unknown) => fail(unknownError(`Append failed: ${String(error)}`)),
        );
      });
    });
  };
}

function appendResponse(outcome: Exclude<AppendOutcome, { kind: 'stream_deleted' }>): StreamsPb.AppendResp {
  const response = new streamsPb.AppendResp();
  if (outcome.kind === 'success') {
    const success = new streamsPb.AppendResp.Success();
    if (outcome.current === 'no_stream') success.setNoStream(new sharedPb.Empty());
    else success.setCurrentRevision(outcome.current.toString());
    if (outcome.position === undefined) success.setNoPosition(new sharedPb.Empty());
    else {
      const position = new streamsPb.AppendResp.Position();
      position.setCommitPosition(outcome.position.toString());
      position.setPreparePosition(outcome.position.toString());
      success.setPosition(position);
    }
    return response.setSuccess(success);
  }
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new sharedPb.Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  const expected = outcome.expected;
  switch (expected.kind) {
    case 'any':
      wrong.setExpectedAny(new sharedPb.Empty());
      break;
    case 'no_stream':
      wrong.setExpectedNoStream(new sharedPb.Empty());
      break;
    case 'stream_exists':
      wrong.setExpectedStreamExists(new sharedPb.Empty());
      break;
    case 'exact':
      wrong.setExpectedRevision(expected.revision.toString());
      break;
    default: {
      const unknown: never = expected;
      throw new Error(`Unknown expected revision ${JSON.stringify(unknown)}`);
    }
  }
  return response.setWrongExpectedVersion(wrong);
}
