import type { LedgerEvent } from '@ledger/domain';
import type { NewEvent, StoredEvent } from '../serialization/event-metadata.js';
import type { AggregateSnapshotData } from '../snapshots/aggregate-snapshot.js';

export type ExpectedRevision = bigint | 'no_stream';
export type AppendOutcome = { revision: bigint; position: bigint };

/** The stream was not at the expected revision. */
export class StreamConflictError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: ExpectedRevision,
  ) {
    super(`Stream ${streamName} is at ${String(actual)}, expected ${String(expected)}`);
    this.name = 'StreamConflictError';
  }
}

/** Port: read and append ledger streams, and keep their snapshots. The adapter speaks to EventStoreDB. */
export abstract class EventStreamStore {
  /** The latest snapshot stored for the stream, as stored (undefined when there is none). */
  abstract readSnapshot(streamName: string): Promise<unknown>;
  /** Stores a snapshot beside the stream, replacing the one before. */
  abstract writeSnapshot(streamName: string, snapshot: AggregateSnapshotData): Promise<void>;
  /** Events from `fromRevision` (inclusive) to the end, upcast; nothing when the stream does not exist. */
  abstract read(streamName: string, fromRevision?: bigint): AsyncIterable<StoredEvent<LedgerEvent>>;
  /** Appends atomically; throws StreamConflictError when the stream is elsewhere. */
  abstract append(streamName: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendOutcome>;
}
