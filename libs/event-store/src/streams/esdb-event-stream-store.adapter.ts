import {
  type AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Injectable } from '@nestjs/common';
import type { LedgerEvent } from '@ledger/domain';
import type { NewEvent, StoredEvent } from '../serialization/event-metadata.js';
import { deserializeEvent, serializeEvent } from '../serialization/event-serializer.js';
import {
  type AggregateSnapshotData,
  SNAPSHOT_EVENT_TYPE,
  snapshotStreamName,
} from '../snapshots/aggregate-snapshot.js';
import {
  type AppendOutcome,
  EventStreamStore,
  type ExpectedRevision,
  StreamConflictError,
} from './event-stream-store.port.js';

@Injectable()
export class EsdbEventStreamStore extends EventStreamStore {
  constructor(private readonly client: EventStoreDBClient) {
    super();
  }

  async *read(streamName: string, fromRevision?: bigint): AsyncIterable<StoredEvent<LedgerEvent>> {
    try {
      const events = this.client.readStream(streamName, {
        fromRevision: fromRevision ?? START,
        direction: FORWARDS,
      });
      for await (const resolved of events) yield deserializeEvent(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  async readSnapshot(streamName: string): Promise<unknown> {
    try {
      const events = this.client.readStream(snapshotStreamName(streamName), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      });
      // Read to the end (one event): leaving the loop early leaves the call open and hangs dispose().
      let latest: unknown;
      for await (const { event } of events) {
        latest = event?.type === SNAPSHOT_EVENT_TYPE && event.isJson ? event.data : undefined;
      }
      return latest;
    } catch (error) {
      // A body that is not JSON fails to decode in the client: such a snapshot is ignored.
      if (error instanceof StreamNotFoundError || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  async writeSnapshot(streamName: string, snapshot: AggregateSnapshotData): Promise<void> {
    const name = snapshotStreamName(streamName);
    const data = snapshot as unknown as Record<string, unknown>;
    const result = await this.client.appendToStream(name, jsonEvent({ type: SNAPSHOT_EVENT_TYPE, data }));
    // The first snapshot sets the stream to keep only the latest one.
    if (result.nextExpectedRevision === 0n) await this.client.setStreamMetadata(name, { maxCount: 1 });
  }

  async append(streamName: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendOutcome> {
    const expectedRevision: AppendExpectedRevision = expected === 'no_stream' ? NO_STREAM : expected;
    try {
      const result = await this.client.appendToStream(streamName, events.map(serializeEvent), {
        expectedRevision,
      });
      if (!result.position)
        throw new Error(`The event store answered an append to ${streamName} without a position`);
      return { revision: result.nextExpectedRevision, position: result.position.commit };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream';
        throw new StreamConflictError(streamName, expected, actual);
      }
      throw error;
    }
  }
}
