import type { EventRecord, LogStorage, StoredEvent, StoredEventHeader } from './storage/log-storage.js';

/** Bytes a record would take in a log file, so `$all` positions look like real byte offsets. */
const RECORD_OVERHEAD = 64n;

/** Keeps the log in memory: for `--memory` mode and tests. Nothing survives `close()`. */
export class MemoryLogStorage implements LogStorage {
  /** Keyed by position as a number: hashing bigint keys is several times slower. */
  private readonly events = new Map<number, StoredEvent>();
  private next = 0n;

  get nextPosition(): bigint {
    return this.next;
  }

  async open(_onRecovered: (event: StoredEventHeader) => void): Promise<void> {
    // A fresh memory log has nothing to recover.
  }

  append(batch: readonly EventRecord[]): Promise<StoredEvent[]> {
    const stored = batch.map((record) => {
      const event: StoredEvent = {
        streamName: record.streamName,
        revision: record.revision,
        eventId: record.eventId,
        type: record.type,
        contentType: record.contentType,
        created: record.created,
        data: record.data,
        metadata: record.metadata,
        position: this.next,
      };
      this.events.set(Number(event.position), event);
      this.next += RECORD_OVERHEAD + BigInt(recordSize(record));
      return event;
    });
    return Promise.resolve(stored);
  }

  read(position: bigint): StoredEvent {
    const event = this.events.get(Number(position));
    if (!event) throw new Error(`No event at position ${position}`);
    return event;
  }

  readMany(positions: readonly number[]): StoredEvent[] {
    return positions.map((position) => this.read(BigInt(position)));
  }

  async close(): Promise<void> {
    this.events.clear();
  }
}

function recordSize(record: EventRecord): number {
  return record.streamName.length + record.type.length + record.data.length + record.metadata.length;
}
