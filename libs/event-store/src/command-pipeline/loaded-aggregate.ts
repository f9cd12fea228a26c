import type { StoredEvent } from '../serialization/event-metadata.js';

/** The answer a keyed command gave, found again from its events in the stream. */
export type RecordedCommand = { requestHash: string | undefined; revision: bigint; position: bigint };

/** A stream folded to a state, with where it ends and the keyed commands found in it. */
export type LoadedAggregate<S> = {
  state: S;
  /** Revision of the last event; undefined when the stream does not exist. */
  revision: bigint | undefined;
  position: bigint | undefined;
  /** Keyed commands by the stored id of their first event (eventIdFor(key, 0)). */
  commands: Map<string, RecordedCommand>;
  /** Id of the first event of the keyed command being folded (its events are contiguous). */
  openCommandId?: string;
};

export function emptyAggregate<S>(state: S): LoadedAggregate<S> {
  return { state, revision: undefined, position: undefined, commands: new Map() };
}

/** Folds one more stored event into the aggregate (mutates: callers hold the stream's lock). */
export function foldStored<S, E>(
  aggregate: LoadedAggregate<S>,
  stored: StoredEvent<unknown>,
  evolve: (state: S, event: E) => S,
): void {
  aggregate.state = evolve(aggregate.state, stored.event as E);
  aggregate.revision = stored.revision;
  aggregate.position = stored.position;
  const { idempotencyKey, eventIndex, eventCount, requestHash } = stored.metadata;
  if (idempotencyKey === undefined || eventIndex === undefined || eventCount === undefined) return;
  if (eventIndex === 0) aggregate.openCommandId = stored.id;
  if (eventIndex === eventCount - 1 && aggregate.openCommandId !== undefined) {
    aggregate.commands.set(aggregate.openCommandId, {
      requestHash,
      revision: stored.revision,
      position: stored.position,
    });
    aggregate.openCommandId = undefined;
  }
}
