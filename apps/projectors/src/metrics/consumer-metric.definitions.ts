import type { ConsumerStatus } from '@ledger/consumers';

export type Figure = (s: ConsumerStatus) => number | undefined;

/** Gauges per consumer, each read off its status. Positions become float64: exact up to 2^53. */
export const GAUGES: ReadonlyArray<[name: string, help: string, figure: Figure]> = [
  ['ledger_consumer_position', 'Commit position the consumer has got past', (s) => optional(s.position)],
  [
    'ledger_consumer_head_position',
    'Commit position of the last event in $all',
    (s) => optional(s.headPosition),
  ],
  ['ledger_consumer_lag_events', 'Events of $all after its position (capped)', (s) => s.lagEvents ?? 0],
  ['ledger_consumer_lag_seconds', 'Seconds from the oldest event not seen to the head', (s) => s.lagSeconds],
  ['ledger_consumer_parked_events', 'Events parked for the consumer', (s) => s.parked],
  ['ledger_consumer_stalled', 'Behind and not moving (1) or not (0)', (s) => Number(s.stalled)],
  [
    'ledger_consumer_owned_here',
    'This instance runs the consumer (1) or not (0)',
    (s) => Number(s.ownedHere),
  ],
];
/** Counts the runner keeps, which restart at 0 when a runner is taken again: counters add the difference. */
export const COUNTERS: ReadonlyArray<[name: string, help: string, figure: (s: ConsumerStatus) => number]> = [
  ['ledger_consumer_events_handled_total', 'Events handled by this instance', (s) => s.handled],
  ['ledger_consumer_reconnects_total', 'Subscriptions re-opened by this instance', (s) => s.reconnects],
];
export const STATES: ReadonlyArray<ConsumerStatus['state']> = ['running', 'stalled', 'elsewhere', 'unowned'];

const optional = (position: bigint | undefined) => (position === undefined ? undefined : Number(position));
