import type { ConsumedEvent, Message } from './consumed-event.js';

/** What the event source filters on the server: event-type prefixes or stream-name prefixes. */
export type ConsumerFilter =
  { by: 'eventType'; prefixes: readonly string[] } | { by: 'stream'; prefixes: readonly string[] };

/** Whether `filter` lets an event of `stream` and `type` through (as the server applies it). */
export const filterMatches = (filter: ConsumerFilter, entry: { stream: string; type: string }): boolean => {
  const subject = filter.by === 'eventType' ? entry.type : entry.stream;
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
};

/**
 * `live`: events in log order, the first time or replayed after a crash (a position guard makes a
 * replay change nothing). `retry`: one event released from parking, older than what other streams
 * may have written since, so it is guarded by its own id, not by position.
 */
export type HandleMode = 'live' | 'retry';

export interface HandleContext {
  consumer: string;
  mode: HandleMode;
}

/**
 * The consumer's side of the engine. `handle` gets events in log order, all of a type it declared
 * in `handles`. Throwing fails the batch: the engine retries it event by event and parks the one
 * that keeps failing. An error `isTransient` says is an outage (database down), not a poison event:
 * it is retried with backoff for as long as it lasts and never parks anything.
 */
export interface EventHandler<E extends Message = Message> {
  /** Event types this handler applies. */
  readonly handles: ReadonlySet<string>;
  /** Event types it ignores on purpose (they may pass the server filter). */
  readonly ignores?: ReadonlySet<string>;
  handle(events: ReadonlyArray<ConsumedEvent<E>>, context: HandleContext): Promise<void>;
  isTransient?(error: unknown): boolean;
  /**
   * Called when an event is parked after failing: a handler whose failed attempts may have taken
   * effect in part (one document of several written) records that here, so a retry skips it.
   */
  parked?(event: ConsumedEvent<E>, context: HandleContext): Promise<void>;
}

export interface ConsumerDefinition<E extends Message = Message> {
  /** Unique name: the checkpoint, lease and parked events are kept under it. */
  name: string;
  filter: ConsumerFilter;
  handler: EventHandler<E>;
  /**
   * An event of a type the handler neither handles nor ignores: `park` it (default; the stream
   * waits behind it) or `ignore` every such type by declaration.
   */
  unknownEvents?: 'park' | 'ignore';
}

/** Why an event sits in `parked_events`. */
export type ParkReason =
  /** The handler kept failing on it. */
  | 'handler-failed'
  /** Neither handled nor ignored by the consumer. */
  | 'unknown-event-type'
  /** The source could not decode it. */
  | 'undecodable'
  /** An earlier event of its stream is parked: it waits behind it, to be applied in order. */
  | 'behind-parked';

/**
 * Thrown by a handler whose batch failed after its first `applied` events took effect: the engine
 * goes on event by event from there instead of from the start of the batch.
 */
export class PartialBatchError extends Error {
  constructor(
    readonly applied: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
