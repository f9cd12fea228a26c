import { Logger } from '@nestjs/common';
import type { Decider } from '@ledger/domain';
import type { KeyMemoryPolicy } from '../idempotency/recorded-commands.js';
import { keyScopeOf } from '../idempotency/recorded-commands.js';
import { aggregateFromSnapshot, snapshotOf } from '../snapshots/aggregate-snapshot.js';
import type { AppendOutcome, EventStreamStore } from '../streams/event-stream-store.port.js';
import { AggregateCache } from './aggregate-cache.js';
import type { CommandContext } from './command-context.js';
import { emptyAggregate, foldStored, type LoadedAggregate } from './loaded-aggregate.js';

/** `verified`: read from the store just now; otherwise a guess that the append's expected revision checks. */
export type Loaded<S> = { aggregate: LoadedAggregate<S>; verified: boolean };

/** 'new': the command usually creates the stream, so with nothing cached it is not read first. */
export type ExpectedState = 'new' | 'any';

/** What loading has cost so far: tests and metrics read it. */
export type RepositoryStats = {
  eventsRead: number;
  snapshotsLoaded: number;
  snapshotsIgnored: number;
  snapshotsWritten: number;
  snapshotsFailed: number;
};

export type RepositoryOptions = { cacheBytes: number; snapshotThreshold: number; keys: KeyMemoryPolicy };

/** Snapshot writes in flight at once; past it a snapshot is skipped (the next append tries again). */
const MAX_SNAPSHOT_WRITES = 16;

/** Folded streams, from snapshots and events, kept in a bounded cache. Callers hold the stream's lock. */
export class AggregateRepository {
  private readonly cache: AggregateCache;
  private readonly snapshotWrites = new Set<string>();
  private readonly logger = new Logger('AggregateRepository');
  readonly stats: RepositoryStats = {
    eventsRead: 0,
    snapshotsLoaded: 0,
    snapshotsIgnored: 0,
    snapshotsWritten: 0,
    snapshotsFailed: 0,
  };

  constructor(
    private readonly store: EventStreamStore,
    private readonly options: RepositoryOptions,
  ) {
    this.cache = new AggregateCache(options.cacheBytes);
  }

  /**
   * The cheapest knowledge of the stream: the cached fold, or the initial state of a stream
   * expected to be new (both unverified), or else its snapshot and the events after it.
   */
  async load<C, E, S>(
    streamName: string,
    decider: Decider<C, E, S>,
    expected: ExpectedState,
  ): Promise<Loaded<S>> {
    const cached = this.cache.get<S>(streamName);
    if (cached) return { aggregate: cached, verified: false };
    const initial = emptyAggregate(decider.initialState(), this.options.keys);
    if (expected === 'new') return { aggregate: initial, verified: false };
    return this.refresh(streamName, decider, (await this.fromSnapshot(streamName, decider)) ?? initial);
  }

  /** Reads on from the end of `aggregate` (a prefix of the stream), so that it matches the store. */
  async refresh<C, E, S>(
    streamName: string,
    decider: Decider<C, E, S>,
    aggregate: LoadedAggregate<S>,
  ): Promise<Loaded<S>> {
    const from = aggregate.revision === undefined ? undefined : aggregate.revision + 1n;
    for await (const stored of this.store.read(streamName, from)) {
      this.stats.eventsRead++;
      foldStored(aggregate, stored, (state: S, event: E) => decider.evolve(state, event));
    }
    this.cache.set(streamName, aggregate);
    this.snapshotIfDue(streamName, decider, aggregate);
    return { aggregate, verified: true };
  }

  /**
   * Folds the events just appended, so the next command on this stream needs no read. When the
   * store took a keyed append for a retry of one already stored, these events differ from the
   * stored ones at most in the time they carry: same request, same state, same decision.
   */
  remember<C, E, S>(
    streamName: string,
    { aggregate, decider, events }: { aggregate: LoadedAggregate<S>; decider: Decider<C, E, S>; events: E[] },
    context: CommandContext,
    outcome: AppendOutcome,
  ): void {
    aggregate.state = events.reduce((state, event) => decider.evolve(state, event), aggregate.state);
    aggregate.revision = outcome.revision;
    aggregate.position = outcome.position;
    if (context.idempotencyKey !== undefined) {
      aggregate.commands.record(keyScopeOf(context.actor, context.idempotencyKey), {
        requestHash: context.requestHash,
        ...outcome,
        at: Date.parse(context.issuedAt),
      });
    }
    this.cache.set(streamName, aggregate);
    this.snapshotIfDue(streamName, decider, aggregate);
  }

  private async fromSnapshot<C, E, S>(
    streamName: string,
    decider: Decider<C, E, S>,
  ): Promise<LoadedAggregate<S> | undefined> {
    if (!decider.snapshot || this.options.snapshotThreshold === 0) return undefined;
    const stored = await this.store.readSnapshot(streamName);
    if (stored === undefined) return undefined;
    const aggregate = aggregateFromSnapshot(stored, decider.snapshot, this.options.keys);
    if (aggregate) this.stats.snapshotsLoaded++;
    else this.stats.snapshotsIgnored++;
    return aggregate;
  }

  /** A snapshot is written beside the stream, in the background; it is never waited on. */
  private snapshotIfDue<C, E, S>(
    streamName: string,
    decider: Decider<C, E, S>,
    aggregate: LoadedAggregate<S>,
  ) {
    const { snapshotThreshold } = this.options;
    if (!decider.snapshot || snapshotThreshold === 0 || aggregate.revision === undefined) return;
    if (aggregate.revision - (aggregate.snapshotRevision ?? -1n) < BigInt(snapshotThreshold)) return;
    if (this.snapshotWrites.has(streamName) || this.snapshotWrites.size >= MAX_SNAPSHOT_WRITES) return;
    const snapshot = snapshotOf(aggregate, decider.snapshot);
    const revision = aggregate.revision;
    this.snapshotWrites.add(streamName);
    this.store
      .writeSnapshot(streamName, snapshot)
      .then(() => {
        this.stats.snapshotsWritten++;
        if ((aggregate.snapshotRevision ?? -1n) < revision) aggregate.snapshotRevision = revision;
      })
      .catch((error: unknown) => {
        this.stats.snapshotsFailed++;
        this.logger.warn({ msg: 'snapshot not written', stream: streamName, error: String(error) });
      })
      .finally(() => this.snapshotWrites.delete(streamName));
  }
}
