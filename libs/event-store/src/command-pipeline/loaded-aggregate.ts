import type { StoredEvent } from '../serialization/event-metadata.js';

/** The answer a keyed command gave, found again from its events in the stream. */
export type RecordedCommand = { requestHash: string | undefined; revision: bigint; position: bigint };

/**
 * A stream folded to a state, with where it ends and the keyed commands found in it. Always a
 * prefix of the stream: events are only ever added after `revision`, so reading on from there
 * brings it up to date.
 */
export type LoadedAggregate<S> = {
  state: S;
  /** Revision of the last event; undefined when the stream does not exist. */
  revision: bigint | undefined;
  position: bigint | undefined;
  /** Keyed commands by their Idempotency-Key (the first one recorded wins). */
  commands: Map<string, RecordedCommand>;
  /** Key of the keyed command being folded (its events are contiguous). */
  openCommandKey?: string;
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
  if (eventIndex === 0) aggregate.openCommandKey = idempotencyKey;
  if (eventIndex === eventCount - 1 && aggregate.openCommandKey === idempotencyKey) {
    recordCommand(aggregate, idempotencyKey, {
      requestHash,
      revision: stored.revision,
      position: stored.position,
    });
    aggregate.openCommandKey = undefined;
  }
}

/** Remembers a keyed command's answer; a key already recorded keeps its first answer. */
export function recordCommand(
  aggregate: LoadedAggregate<unknown>,
  idempotencyKey: string,
  recorded: RecordedCommand,
): void {
  if (!aggregate.commands.has(idempotencyKey)) aggregate.commands.set(idempotencyKey, recorded);
}
