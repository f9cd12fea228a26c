import {
  type AppendExpectedRevision,
  EventStoreDBClient,
  FORWARDS,
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
