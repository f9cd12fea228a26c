import { accountDecider, type Decider, transferDecider } from '@ledger/domain';

type Message = { type: string; data: unknown };
import { InvalidRequestError, type LoggedEvent } from '../logged-event.js';

/** Where to stop folding: at a revision (inclusive), at a time (inclusive), or at the end. */
export type FoldPoint = { revision: bigint } | { time: Date } | 'end';

export interface AggregateAt<S = unknown> {
  streamId: string;
  kind: 'account' | 'transfer';
  /** Revision of the last event folded (undefined: none, the initial state). */
  revision: bigint | undefined;
  state: S;
  /** The events folded, upcast, oldest first. */
  events: LoggedEvent[];
}

type AnyDecider = Pick<Decider<unknown, Message, unknown>, 'evolve' | 'initialState'>;

const KINDS: ReadonlyArray<{ prefix: string; kind: AggregateAt['kind']; decider: AnyDecider }> = [
  { prefix: 'account-', kind: 'account', decider: accountDecider as unknown as AnyDecider },
  { prefix: 'transfer-', kind: 'transfer', decider: transferDecider as unknown as AnyDecider },
];

/** The aggregate a stream holds; snapshot streams and others are refused. */
export function aggregateKindOf(streamId: string): (typeof KINDS)[number] {
  const found = KINDS.find((k) => streamId.startsWith(k.prefix));
  if (!found) {
    throw new InvalidRequestError(
      `${streamId} is not an aggregate stream: aggregates live in account-<id> and transfer-<id>`,
    );
  }
  return found;
}

/** When an event happened: its `occurredAt` (kept by an import), else when the store wrote it. */
export const occurredAt = (event: LoggedEvent): Date => {
  const stated = event.metadata.occurredAt;
  const parsed = typeof stated === 'string' ? new Date(stated) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : event.created;
};

const within = (event: LoggedEvent, at: FoldPoint): boolean =>
  at === 'end' ||
  ('revision' in at ? event.revision <= at.revision : occurredAt(event).getTime() <= at.time.getTime());

/**
 * Folds upcast events (in revision order) with the domain's own `evolve` from its initial state,
 * up to `at`. Snapshots play no part: this is the state the events say, nothing cached.
 */
export function foldAggregate(streamId: string, events: readonly LoggedEvent[], at: FoldPoint): AggregateAt {
  const { kind, decider } = aggregateKindOf(streamId);
  const folded: LoggedEvent[] = [];
  let state = decider.initialState();
  for (const event of events) {
    if (!within(event, at)) break;
    state = decider.evolve(state, { type: event.eventType, data: event.data });
    folded.push(event);
  }
  return { streamId, kind, revision: folded.at(-1)?.revision, state, events: folded };
}
