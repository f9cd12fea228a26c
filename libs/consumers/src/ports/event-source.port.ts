import type { ConsumerFilter } from '../consumer-definition.js';
import type { Message, SourceItem } from '../consumed-event.js';

export interface SubscribeRequest {
  consumer: string;
  /** Resume after this position; undefined starts at the beginning of the log. */
  after: bigint | undefined;
  filter: ConsumerFilter;
}

/** One open catch-up subscription. */
export interface SourceSubscription<E extends Message = Message> {
  /**
   * Up to `max` items in log order: waits for at least one, or answers [] when `signal` aborts.
   * Rejects when the subscription dropped: the engine resubscribes after its position.
   */
  read(max: number, signal: AbortSignal): Promise<SourceItem<E>[]>;
  close(): Promise<void>;
}

/** The head of the log: the last event written, whatever its type or stream. */
export interface LogHead {
  position: bigint;
  recordedAt: Date;
}

/** An event of the log without its data: enough to tell whether a filter wants it. */
export interface LogEntry extends LogHead {
  stream: string;
  type: string;
}

export abstract class EventSource<E extends Message = Message> {
  abstract subscribe(request: SubscribeRequest): SourceSubscription<E>;
  abstract head(): Promise<LogHead | undefined>;
  /** Up to `limit` events of the log after `position` (any type or stream), in order. */
  abstract readAfter(position: bigint | undefined, limit: number): Promise<LogEntry[]>;

  /** How many events of the log lie after `position` (any type), counting at most `limit`. */
  async countAfter(position: bigint | undefined, limit: number): Promise<number> {
    return (await this.readAfter(position, limit)).length;
  }

  /** The first event after `position` (the oldest a consumer there has not seen: lag in seconds). */
  async firstAfter(position: bigint | undefined): Promise<LogHead | undefined> {
    return (await this.readAfter(position, 1))[0];
  }
}
