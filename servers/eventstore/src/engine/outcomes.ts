import type { ExpectedRevision } from './expected-revision.js';

/** The current revision of a stream, or `no_stream` when it has no events. */
export type CurrentRevision = bigint | 'no_stream';

export type WrongExpectedVersion = {
  kind: 'wrong_expected_version';
  expected: ExpectedRevision;
  current: CurrentRevision;
};

export type StreamDeleted = { kind: 'stream_deleted' };

export type AppendOutcome =
  | { kind: 'success'; current: CurrentRevision; position: bigint | undefined }
  | WrongExpectedVersion
  | StreamDeleted;

export type DeleteOutcome = { kind: 'success'; position: bigint } | WrongExpectedVersion | StreamDeleted;

/** An event as the client proposes it; the server adds stream, revision and creation time. */
export interface ProposedEvent {
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}
