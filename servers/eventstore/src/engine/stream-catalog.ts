import type { LogStorage, StoredEventHeader } from '../storage/log-storage.js';
import { AllIndex } from './all-index.js';
import { IdempotencyCache } from './idempotency-cache.js';
import { METADATA_EVENT_TYPE, parseStreamMetadata } from './stream-metadata.js';
import { StreamState, TOMBSTONE_EVENT_TYPE, TOMBSTONE_REVISION } from './stream-state.js';

/** Every stream and the `$all` index, updated as batches commit (or are recovered). */
export class StreamCatalog {
  readonly all = new AllIndex();
  readonly idempotency = new IdempotencyCache();
  private readonly streams = new Map<string, StreamState>();
  private readonly streamsById: StreamState[] = [];
  /** Metadata events seen during recovery, parsed once the log is open. */
  private pendingMetadata = new Map<string, bigint>();

  constructor(private readonly storage: LogStorage) {
    this.idempotency.deferIndexing();
  }

  get(name: string): StreamState | undefined {
    return this.streams.get(name);
  }

  /**
   * Tombstoned: the stream itself, or the stream whose metadata stream `$$<stream>` this is (the
   * real server deletes the metadata stream with it).
   */
  isTombstoned(name: string): boolean {
    if (this.streams.get(name)?.tombstoned) return true;
    return name.startsWith('$$') && this.streams.get(name.slice(2))?.tombstoned === true;
  }

  byId(id: number): StreamState {
    return this.streamsById[id]!;
  }

  getOrCreate(name: string): StreamState {
    let state = this.streams.get(name);
    if (!state) {
      state = new StreamState(this.streamsById.length, name);
      this.streams.set(name, state);
      this.streamsById.push(state);
    }
    return state;
  }

  /** Indexes one committed event; during recovery its metadata body is read later. */
  index(event: StoredEventHeader, data: Uint8Array | 'recovering'): void {
    const stream = this.getOrCreate(event.streamName);
    this.all.push(event.position, stream.id, event.type);
    if (event.type === TOMBSTONE_EVENT_TYPE && event.revision === TOMBSTONE_REVISION) {
      stream.tombstoned = true;
      return;
    }
    stream.positions.push(Number(event.position));
    this.idempotency.remember(event.eventId, stream.id, stream.positions.length - 1);
    if (event.type === METADATA_EVENT_TYPE && event.streamName.startsWith('$$')) {
      const target = event.streamName.slice(2);
      if (data === 'recovering') this.pendingMetadata.set(target, event.position);
      else this.getOrCreate(target).metadata = parseStreamMetadata(data);
    }
  }

  /** Applies the last metadata event of each stream found during recovery. */
  finishRecovery(): void {
    this.idempotency.finishIndexing();
    for (const [target, position] of this.pendingMetadata) {
      this.getOrCreate(target).metadata = parseStreamMetadata(this.storage.read(position).data);
    }
    this.pendingMetadata = new Map();
  }
}
