import type { ServiceError } from '@grpc/grpc-js';
import { Metadata, status } from '@grpc/grpc-js';
import type { ExpectedRevision } from '../engine/expected-revision.js';
import { expectedVersionNumber } from '../engine/expected-revision.js';
import type { CurrentRevision } from '../engine/outcomes.js';

/** The largest append the server accepts, as the real server's default. */
export const MAX_APPEND_SIZE = 1024 * 1024;

export type StatusError = Partial<ServiceError> & { code: status; details: string; metadata: Metadata };

/** A gRPC status whose `exception` trailer the client maps to its typed errors. */
function statusError(code: status, details: string, trailers: Record<string, string>): StatusError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

export function wrongExpectedVersionError(
  streamName: string,
  expected: ExpectedRevision,
  current: CurrentRevision,
): StatusError {
  return statusError(status.FAILED_PRECONDITION, `Wrong expected version for stream ${streamName}`, {
    exception: 'wrong-expected-version',
    'stream-name': streamName,
    'expected-version': expectedVersionNumber(expected).toString(),
    // The real server writes the stream's last event number: -1 when it has none.
    'actual-version': current === 'no_stream' ? '-1' : current.toString(),
  });
}

export function streamDeletedError(streamName: string): StatusError {
  return statusError(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': streamName,
  });
}

export function maximumAppendSizeError(): StatusError {
  return statusError(status.INVALID_ARGUMENT, `Maximum Append Size of ${MAX_APPEND_SIZE} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(MAX_APPEND_SIZE),
  });
}

export function missingMetadataError(): StatusError {
  return statusError(
    status.INVALID_ARGUMENT,
    'Required metadata properties are missing: type, content-type',
    {
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': 'type,content-type',
    },
  );
}

/** UNKNOWN, as the real server's Append answers: its UUID parser throws, and nothing maps that. */
export function invalidEventIdError(text: string): StatusError {
  return statusError(status.UNKNOWN, `Invalid event id '${text}': expected a UUID`, {});
}

export function invalidArgumentError(details: string): StatusError {
  return statusError(status.INVALID_ARGUMENT, details, {});
}

export function unknownError(details: string): StatusError {
  return statusError(status.UNKNOWN, details, {});
}

export function unimplementedError(method: string): StatusError {
  return statusError(status.UNIMPLEMENTED, `${method} is not implemented by the embedded event store`, {});
}

/** A client input problem, raised while decoding a request and answered as a status. */
export class RequestError extends Error {
  constructor(readonly status: StatusError) {
    super(status.details);
  }
}
