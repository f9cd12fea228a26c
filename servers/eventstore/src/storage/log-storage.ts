/**
 * The seam between the event store's semantics (streams, revisions, $all, subscriptions) and
 * where its events live. Two implementations: in memory (`--memory`, tests) and the durable
 * append-only log on disk.
 */
export interface EventRecord {
  streamName: string;
  /** Revision of the event in its stream (0-based). */
  revision: bigint;
  /** Event id, a lower-case UUID. */
  eventId: string;
  type: string;
  /** `application/json` or `application/octet-stream`. */
  contentType: string;
  /** .NET ticks (100 ns) since the Unix epoch. */
  created: bigint;
  data: Uint8Array;
  /** The custom metadata bytes the client sent. */
  metadata: Uint8Array;
}

/** An event as stored: its `$all` position (commit = prepare) comes from the log. */
export interface StoredEvent extends EventRecord {
  position: bigint;
}

export type StoredEventHeader = Omit<StoredEvent, 'data' | 'metadata'>;

export interface LogStorage {
  /**
   * Opens (creating if needed) and recovers the log, calling `onRecovered` for every committed
   * event in log order, so the caller can rebuild its indexes.
   */
  open(onRecovered: (event: StoredEventHeader) => void): Promise<void>;
  /**
   * Appends one batch atomically: after a crash it is wholly present or wholly absent.
   * Positions are assigned synchronously, in call order, strictly increasing; the promise
   * resolves once the batch is durable, and promises resolve in call order.
   */
  append(batch: readonly EventRecord[]): Promise<StoredEvent[]>;
  /** The whole event (body included) at a position returned by `append` or `open`. */
  read(position: bigint): StoredEvent;
  /**
   * The events at `positions` (ascending), as `read` returns them: catch-up reads, where
   * neighbouring records come from one disk read instead of one each.
   */
  readMany(positions: readonly number[]): StoredEvent[];
  /** The position the next appended event will get (greater than every stored position). */
  readonly nextPosition: bigint;
  close(): Promise<void>;
}
