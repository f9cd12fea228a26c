import { type EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { deserializeEvent } from '@ledger/event-store';

/** A decider's fold: what a stream's events make of its initial state. */
export interface Fold<S> {
  initialState: () => S;
  evolve: (state: S, event: never) => S;
}

/**
 * A stream read to its end (never broken off: the client would hang on dispose) and folded with
 * the domain's own `evolve`: the truth the read models and conservation checks are held to.
 * A stream that does not exist folds to the initial state at revision -1.
 */
export async function foldStream<S>(
  client: EventStoreDBClient,
  stream: string,
  fold: Fold<S>,
): Promise<{ state: S; revision: number; types: string[] }> {
  let state = fold.initialState();
  const types: string[] = [];
  try {
    for await (const resolved of client.readStream(stream)) {
      const { event } = deserializeEvent(resolved);
      state = fold.evolve(state, event as never);
      types.push(event.type);
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return { state, revision: types.length - 1, types };
}
