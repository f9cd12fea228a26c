import type { LedgerEvent } from '@ledger/domain';
import type { NewEvent, StoredEvent } from '../serialization/event-metadata.js';
import type { AggregateSnapshotData } from '../snapshots/aggregate-snapshot.js';
import {
  type AppendOutcome,
  EventStreamStore,
  type ExpectedRevision,
  StreamConflictError,
} from '../streams/event-stream-store.port.js';

/**
 * The port in memory, for unit tests of the pipeline; `beforeAppend` lets a test play a rival
 * writer. Appends are idempotent as EventStoreDB's are: events whose ids are already stored right
 * after the expected revision are a retry, answered as the first time, whatever their content.
 */
export class InMemoryEventStreamStore extends EventStreamStore {
  readonly streams = new Map<string, StoredEvent<LedgerEvent>[]>();
  appendCalls = 0;
  readCalls = 0;
  beforeAppend: (streamName: string) => void = () => undefined;
  readonly snapshots = new Map<string, unknown>();
  private position = 0n;

  async readSnapshot(streamName: string): Promise<unknown> {
    return structuredClone(this.snapshots.get(streamName));
  }

  async writeSnapshot(streamName: string, snapshot: AggregateSnapshotData): Promise<void> {
    this.snapshots.set(streamName, JSON.parse(JSON.stringify(snapshot)));
  }

  eventsRead = 0;

  async *read(streamName: string, fromRevision = 0n): AsyncIterable<StoredEvent<LedgerEvent>> {
    this.readCalls++;
    for (const stored of (this.streams.get(streamName) ?? []).slice(Number(fromRevision))) {
      this.eventsRead++;
      yield stored;
    }
  }

  async append(streamName: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendOutcome> {
    this.appendCalls++;
    this.beforeAppend(streamName);
    return this.appendNow(streamName, events, expected);
  }

  appendNow(
    streamName: string,
    events: NewEvent[],
    expected: ExpectedRevision | 'any' = 'any',
  ): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    const actual: ExpectedRevision = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    if (expected !== 'any' && expected !== actual) {
      const retried = storedRetry(stream, events, expected === 'no_stream' ? -1 : Number(expected));
      if (retried) return retried;
      throw new StreamConflictError(streamName, expected, actual);
    }
    for (const event of events) {
      this.position += 100n;
      stream.push({
        id: event.id,
        event: event.event as LedgerEvent,
        metadata: event.metadata,
        revision: BigInt(stream.length),
        position: this.position,
      });
    }
    this.streams.set(streamName, stream);
    const last = stream[stream.length - 1];
    return { revision: last.revision, position: last.position };
  }
}

/** The answer to an append whose event ids all sit right after `after` already. */
function storedRetry(stream: StoredEvent[], events: NewEvent[], after: number): AppendOutcome | undefined {
  const stored = stream.slice(after + 1, after + 1 + events.length);
  if (events.length === 0 || stored.length < events.length) return undefined;
  if (stored.some((s, i) => s.id !== events[i].id)) return undefined;
  const last = stored[stored.length - 1];
  return { revision: last.revision, position: last.position };
}
