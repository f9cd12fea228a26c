import type { Decider } from '@ledger/domain';
import type { AppendOutcome, EventStreamStore } from '../streams/event-stream-store.port.js';
import { AggregateCache } from './aggregate-cache.js';
import type { CommandContext } from './command-context.js';
import { emptyAggregate, foldStored, type LoadedAggregate, recordCommand } from './loaded-aggregate.js';

/** `verified`: read from the store just now; otherwise a guess that the append's expected revision checks. */
export type Loaded<S> = { aggregate: LoadedAggregate<S>; verified: boolean };

/** 'new': the command usually creates the stream, so with nothing cached it is not read first. */
export type ExpectedState = 'new' | 'any';

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
   * The cheapest knowledge of the stream: the cached fold, or the initial state of a stream
   * expected to be new (both unverified), or else the stream as read from the store.
   */
  async load<C, E, S>(
    streamName: string,
    decider: Decider<C, E, S>,
    expected: ExpectedState,
  ): Promise<Loaded<S>> {
    const cached = this.cache.get<S>(streamName);
    if (cached) return { aggregate: cached, verified: false };
    const initial = emptyAggregate(decider.initialState());
    if (expected === 'new') return { aggregate: initial, verified: false };
    return this.refresh(streamName, decider, initial);
  }

  /** Reads on from the end of `aggregate` (a prefix of the stream), so that it matches the store. */
  async refresh<C, E, S>(
    streamName: string,
    decider: Decider<C, E, S>,
    aggregate: LoadedAggregate<S>,
  ): Promise<Loaded<S>> {
    const from = aggregate.revision === undefined ? undefined : aggregate.revision + 1n;
    for await (const stored of this.store.read(streamName, from)) {
      foldStored(aggregate, stored, (state: S, event: E) => decider.evolve(state, event));
    }
    this.cache.set(streamName, aggregate);
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
      recordCommand(aggregate, context.idempotencyKey, { requestHash: context.requestHash, ...outcome });
    }
    this.cache.set(streamName, aggregate);
  }
}
