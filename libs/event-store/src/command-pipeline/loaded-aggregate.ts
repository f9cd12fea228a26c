import type { StoredEvent } from '../serialization/event-metadata.js';
import { keyScopeOf, type KeyMemoryPolicy, RecordedCommands } from '../idempotency/recorded-commands.js';

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
  /** Keyed commands within the idempotency window, by principal and key. */
  commands: RecordedCommands;
  /** Scope of the keyed command being folded (its events are contiguous). */
  openCommandScope?: string;
  /** Revision of the newest snapshot known to exist for this stream. */
  snapshotRevision?: bigint;
};

export function emptyAggregate<S>(state: S, keys: KeyMemoryPolicy): LoadedAggregate<S> {
  return { state, revision: undefined, position: undefined, commands: new RecordedCommands(keys) };
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
  const { idempotencyKey, eventIndex, eventCount, requestHash, actor, occurredAt } = stored.metadata;
  if (idempotencyKey === undefined || eventIndex === undefined || eventCount === undefined) return;
  const scope = keyScopeOf(actor, idempotencyKey);
  if (eventIndex === 0) aggregate.openCommandScope = scope;
  if (eventIndex === eventCount - 1 && aggregate.openCommandScope === scope) {
    aggregate.commands.record(scope, {
      requestHash,
      revision: stored.revision,
      position: stored.position,
      at: occurredAt === undefined ? 0 : Date.parse(occurredAt) || 0,
    });
    aggregate.openCommandScope = undefined;
  }
}
