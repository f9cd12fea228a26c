import type { SnapshotContract } from '@ledger/domain';
import type { KeyMemoryPolicy, RecordedCommandTuple } from '../idempotency/recorded-commands.js';
import { RecordedCommands } from '../idempotency/recorded-commands.js';
import type { LoadedAggregate } from '../command-pipeline/loaded-aggregate.js';

/** Event type of a snapshot, in its own stream beside the aggregate's (see snapshotStreamName). */
export const SNAPSHOT_EVENT_TYPE = 'AggregateSnapshot';

/** What a snapshot stores: the folded state at `revision`, and the keys remembered then. */
export type AggregateSnapshotData = {
  stateVersion: number;
  revision: string;
  position: string;
  state: unknown;
  commands: RecordedCommandTuple[];
};

/**
 * Snapshots live in `snapshot-<stream>`, a stream of their own (kept to one event with
 * $maxCount), so no `account-`/`transfer-` prefix filter or stream listing ever meets them.
 */
export const snapshotStreamName = (streamName: string): string => `snapshot-${streamName}`;

export function snapshotOf<S>(
  aggregate: LoadedAggregate<S>,
  contract: SnapshotContract<S>,
): AggregateSnapshotData {
  if (aggregate.revision === undefined || aggregate.position === undefined) {
    throw new Error('A stream that does not exist has no snapshot');
  }
  return {
    stateVersion: contract.stateVersion,
    revision: aggregate.revision.toString(),
    position: aggregate.position.toString(),
    state: aggregate.state,
    commands: aggregate.commands.toTuples(),
  };
}

/**
 * The aggregate a stored snapshot stands for, or undefined when it cannot be trusted: another
 * state version, a shape the contract refuses, or anything that does not decode. The caller
 * then folds the stream from its start, as if there were no snapshot.
 */
export function aggregateFromSnapshot<S>(
  data: unknown,
  contract: SnapshotContract<S>,
  keys: KeyMemoryPolicy,
): LoadedAggregate<S> | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const snapshot = data as Partial<AggregateSnapshotData>;
  if (snapshot.stateVersion !== contract.stateVersion) return undefined;
  if (typeof snapshot.revision !== 'string' || !/^\d{1,19}$/.test(snapshot.revision)) return undefined;
  if (typeof snapshot.position !== 'string' || !/^\d{1,20}$/.test(snapshot.position)) return undefined;
  if (!contract.isState(snapshot.state)) return undefined;
  const commands = RecordedCommands.fromTuples(snapshot.commands, keys);
  if (commands === undefined) return undefined;
  const revision = BigInt(snapshot.revision);
  return {
    state: snapshot.state,
    revision,
    position: BigInt(snapshot.position),
    commands,
    snapshotRevision: revision,
  };
}
