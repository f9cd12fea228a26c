import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import type { ExpectedRevision } from '../engine/expected-revision.js';
import type { DeleteOutcome } from '../engine/outcomes.js';
import type { SharedPb, StreamsPb } from './generated-code.js';
import { streamsPb } from './generated-code.js';
import { decodeExpectedRevision, decodeStreamName } from './request-decoding.js';
import type { StatusError } from './status-errors.js';
import {
  RequestError,
  streamDeletedError,
  unknownError,
  wrongExpectedVersionError,
} from './status-errors.js';

/** The options both `DeleteReq` and `TombstoneReq` carry. */
interface DeleteOptionsLike {
  getStreamIdentifier(): SharedPb.StreamIdentifier | undefined;
  hasRevision(): boolean;
  getRevision(): string;
  hasNoStream(): boolean;
  hasAny(): boolean;
  hasStreamExists(): boolean;
}

type Run = (
  engine: EventStoreEngine,
  streamName: string,
  expected: ExpectedRevision,
) => Promise<DeleteOutcome>;

/** `Streams.Delete`: a soft delete (`$tb` in the metadata stream); the stream may come back. */
export function handleDelete(engine: EventStoreEngine) {
  return (
    call: ServerUnaryCall<StreamsPb.DeleteReq, StreamsPb.DeleteResp>,
    callback: sendUnaryData<StreamsPb.DeleteResp>,
  ) =>
    runDelete(
      engine,
      call.request.getOptions(),
      (e, name, expected) => e.deleteStream(name, expected),
      (position) => {
        const response = new streamsPb.DeleteResp();
        const grpcPosition = new streamsPb.DeleteResp.Position();
        grpcPosition.setCommitPosition(position.toString());
        grpcPosition.setPreparePosition(position.toString());
        return response.setPosition(grpcPosition);
      },
      callback,
    );
}

/** `Streams.Tombstone`: a hard delete; every later use of the stream fails. */
export function handleTombstone(engine: EventStoreEngine) {
  return (
    call: ServerUnaryCall<StreamsPb.TombstoneReq, StreamsPb.TombstoneResp>,
    callback: sendUnaryData<StreamsPb.TombstoneResp>,
  ) =>
    runDelete(
      engine,
      call.request.getOptions(),
      (e, name, expected) => e.tombstoneStream(name, expected),
      (position) => {
        const response = new streamsPb.TombstoneResp();
        const grpcPosition = new streamsPb.TombstoneResp.Position();
        grpcPosition.setCommitPosition(position.toString());
        grpcPosition.setPreparePosition(position.toString());
        return response.setPosition(grpcPosition);
      },
      callback,
    );
}

function runDelete<Response>(
  engine: EventStoreEngine,
  options: DeleteOptionsLike | undefined,
  run: Run,
  respond: (position: bigint) => Response,
  callback: sendUnaryData<Response>,
): void {
  const fail = (error: StatusError): void => callback(error);
  let streamName: string;
  let expected: ExpectedRevision;
  try {
    streamName = decodeStreamName(options?.getStreamIdentifier());
    expected = decodeExpectedRevision({
      hasAny: () => options?.hasAny() ?? true,
      hasNoStream: () => options?.hasNoStream() ?? false,
      hasStreamExists: () => options?.hasStreamExists() ?? false,
      exact: () => (options?.hasRevision() ? options.getRevision() : undefined),
    });
  } catch (error) {
    return fail(error instanceof RequestError ? error.status : unknownError(String(error)));
  }
  run(engine, streamName, expected).then(
    (outcome) => {
      switch (outcome.kind) {
        case 'success':
          return callback(null, respond(outcome.position));
        case 'stream_deleted':
          return fail(streamDeletedError(streamName));
        case 'wrong_expected_version':
          return fail(wrongExpectedVersionError(streamName, outcome.expected, outcome.current));
        default: {
          const unknown: never = outcome;
          return fail(unknownError(`Unknown outcome ${JSON.stringify(unknown)}`));
        }
      }
    },
    (error: unknown) => fail(unknownError(`Delete failed: ${String(error)}`)),
  );
}
