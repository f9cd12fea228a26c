/** A message as the consumers see it: a type and its data, already upcast by the event source. */
export type Message = { type: string; data: unknown };

/** One event read from the log (`$all`), with where it sits. */
export interface ConsumedEvent<E extends Message = Message> {
  id: string;
  stream: string;
  revision: bigint;
  /** Commit position in the log: the order every consumer applies events in. */
  position: bigint;
  recordedAt: Date;
  event: E;
  metadata: Readonly<Record<string, unknown>>;
}

/**
 * What a subscription delivers, in log order. `checkpoint` says that every event up to `position`
 * has been delivered (the ones the server-side filter left out included), so a consumer's known
 * position can move past events no handler wants. `undecodable` is an event the source could not
 * read (not JSON, a broken upcast): it is parked, never thrown.
 */
export type SourceItem<E extends Message = Message> =
  | { kind: 'event'; event: ConsumedEvent<E> }
  | { kind: 'undecodable'; event: ConsumedEvent<Message>; error: string }
  | { kind: 'checkpoint'; position: bigint };

/** EventStoreDB's own events (`$metadata`, `$stats-…`, stream names `$…`) never reach a handler. */
export const isSystemEvent = (event: Pick<ConsumedEvent, 'stream' | 'event'>): boolean =>
  event.event.type.startsWith('$') || event.stream.startsWith('$');
