import type { Decider } from '@ledger/domain';
import { eventIdFor } from '../idempotency/idempotency-ids.js';
import type { AppendOutcome, EventStreamStore } from '../streams/event-stream-store.port.js';
import { AggregateCache } from './aggregate-cache.js';
import type { CommandContext } from './command-context.js';
import { emptyAggregate, foldStored, type LoadedAggregate } from './loaded-aggregate.js';

export type Loaded<S> = { aggregate: LoadedAggregate<S>; verified: boolean };

/** Folded streams, read from the store and kept in a bounded cache. Callers hold the stream's lock. */
export class AggregateRepository {
  private readonly cache: AggregateCache;

  constructor(
    private readonly store: EventStreamStore,
    cacheWeight: number,
  ) {
    this.cache = new AggregateCache(cacheWeight);
  }

  /**
   * Without `catchUp` a cached state is returned unverified: the append at its revision finds
   * out if it is stale. With it, the stream is read on from the cached revision (usually nothing).
   */
  async load<C, E, S>(streamName: string, decider: Decider<C, E, S>, catchUp: boolean): Promise<Loaded<S>> {
    const cached = this.cache.get<S>(streamName);
    if (cached && !catchUp) return { aggregate: cached, verified: false };
    const aggregate = cached ?? emptyAggregate(decider.initialState());
    const from = aggregate.revision === undefined ? undefined : aggregate.revision + 1n;
    for await (const stored of this.store.read(streamName, from)) {
      foldStored(aggregate, stored, (state: S, event: E) => decider.evolve(state, event));
    }
    this.cache.set(streamName, aggregate);
    return { aggregate, verified: true };
  }

  /** Folds the events just appended, so the next command on this stream needs no read. */
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
      aggregate.commands.set(eventIdFor(context.idempotencyKey, 0), {
        requestHash: context.requestHash,
        ...outcome,
      });
    }
    this.cache.set(streamName, aggregate);
  }

  forget(streamName: string): void {
    this.cache.drop(streamName);
  }
}
