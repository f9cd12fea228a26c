import type { ExpectedRevision } from '../engine/expected-revision.js';
import type { AppendOutcome } from '../engine/outcomes.js';
import type { SharedPb, StreamsPb } from './generated-code.js';
import { anyPb, emptyPb, sharedPb, statusPb, streamsPb } from './generated-code.js';
import { MAX_APPEND_SIZE } from './status-errors.js';

/** google.rpc.Code values the real server uses in BatchAppend status details. */
const Code = { UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, FAILED_PRECONDITION: 9 } as const;

export interface BatchTarget {
  /** The correlation id's UUID message, as the client sent it. */
  correlationId: Buffer | undefined;
  streamName: string;
  expected: ExpectedRevision;
}

export function batchOutcomeResponse(target: BatchTarget, outcome: AppendOutcome): StreamsPb.BatchAppendResp {
  const response = baseResponse(target);
  switch (outcome.kind) {
    case 'success': {
      const success = new streamsPb.BatchAppendResp.Success();
      if (outcome.current === 'no_stream') success.setNoStream(new emptyPb.Empty());
      else success.setCurrentRevision(outcome.current.toString());
      if (outcome.position === undefined) success.setNoPosition(new emptyPb.Empty());
      else {
        const position = new sharedPb.AllStreamPosition();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
      }
      return response.setSuccess(success);
    }
    case 'wrong_expected_version': {
      const detail = new sharedPb.WrongExpectedVersion();
      if (outcome.current === 'no_stream') detail.setCurrentNoStream(new emptyPb.Empty());
      else detail.setCurrentStreamRevision(outcome.current.toString());
      setExpected(detail, outcome.expected);
      return withError(
        response,
        Code.FAILED_PRECONDITION,
        'Wrong expected version',
        'WrongExpectedVersion',
        detail,
      );
    }
    case 'stream_deleted': {
      const detail = new sharedPb.StreamDeleted();
      detail.setStreamIdentifier(streamIdentifier(target.streamName));
      return withError(response, Code.FAILED_PRECONDITION, 'Stream deleted', 'StreamDeleted', detail);
    }
    default: {
      const unknown: never = outcome;
      throw new Error(`Unknown append outcome ${JSON.stringify(unknown)}`);
    }
  }
}

export function batchTimeoutResponse(target: BatchTarget): StreamsPb.BatchAppendResp {
  return withError(
    baseResponse(target),
    Code.DEADLINE_EXCEEDED,
    'Timeout',
    'Timeout',
    new sharedPb.Timeout(),
  );
}

export function batchTooLargeResponse(target: BatchTarget): StreamsPb.BatchAppendResp {
  const detail = new sharedPb.MaximumAppendSizeExceeded();
  detail.setMaxappendsize(MAX_APPEND_SIZE);
  const message = `Maximum Append Size of ${MAX_APPEND_SIZE} Exceeded.`;
  return withError(baseResponse(target), Code.INVALID_ARGUMENT, message, 'MaximumAppendSizeExceeded', detail);
}

/** A refused request (a bad event, no options): INVALID_ARGUMENT with a `BadRequest` detail. */
export function batchBadRequestResponse(target: BatchTarget, reason: string): StreamsPb.BatchAppendResp {
  const detail = new sharedPb.BadRequest();
  detail.setMessage(reason);
  return withError(baseResponse(target), Code.INVALID_ARGUMENT, 'BadRequest', 'BadRequest', detail);
}

export function batchUnknownResponse(target: BatchTarget, message: string): StreamsPb.BatchAppendResp {
  return withError(baseResponse(target), Code.UNKNOWN, message, 'Unknown', new sharedPb.Unknown());
}

export function streamIdentifier(streamName: string): SharedPb.StreamIdentifier {
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(streamName, 'utf8'));
  return identifier;
}

function baseResponse(target: BatchTarget): StreamsPb.BatchAppendResp {
  const response = new streamsPb.BatchAppendResp();
  if (target.correlationId) response.setCorrelationId(sharedPb.UUID.deserializeBinary(target.correlationId));
  response.setStreamIdentifier(streamIdentifier(target.streamName));
  const expected = target.expected;
  switch (expected.kind) {
    case 'any':
      return response.setAny(new emptyPb.Empty());
    case 'no_stream':
      return response.setNoStream(new emptyPb.Empty());
    case 'stream_exists':
      return response.setStreamExists(new emptyPb.Empty());
    case 'exact':
      return response.setStreamPosition(expected.revision.toString());
    default: {
      const unknown: never = expected;
      throw new Error(`Unknown expected revision ${JSON.stringify(unknown)}`);
    }
  }
}

function setExpected(detail: SharedPb.WrongExpectedVersion, expected: ExpectedRevision): void {
  switch (expected.kind) {
    case 'any':
      detail.setExpectedAny(new emptyPb.Empty());
      return;
    case 'no_stream':
      detail.setExpectedNoStream(new emptyPb.Empty());
      return;
    case 'stream_exists':
      detail.setExpectedStreamExists(new emptyPb.Empty());
      return;
    case 'exact':
      detail.setExpectedStreamPosition(expected.revision.toString());
      return;
    default: {
      const unknown: never = expected;
      throw new Error(`Unknown expected revision ${JSON.stringify(unknown)}`);
    }
  }
}

function withError(
  response: StreamsPb.BatchAppendResp,
  code: number,
  message: string,
  detailName: string,
  detail: { serializeBinary(): Uint8Array },
): StreamsPb.BatchAppendResp {
  const status = new statusPb.Status();
  status.setCode(code);
  status.setMessage(message);
  const any = new anyPb.Any();
  any.pack(detail.serializeBinary(), `event_store.client.${detailName}`);
  status.setDetails(any);
  return response.setError(status);
}
