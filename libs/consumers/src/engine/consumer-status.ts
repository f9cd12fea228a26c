/** What `/status` and `/metrics` show per consumer. */
export interface ConsumerStatus {
  consumer: string;
  /** Instance holding the lease, if any holds an unexpired one. */
  owner?: string;
  ownedHere: boolean;
  /** `running` here; `elsewhere` on another live owner; `stalled` behind and not moving; `unowned`. */
  state: 'running' | 'stalled' | 'elsewhere' | 'unowned';
  position?: bigint;
  headPosition?: bigint;
  /** Events in the log after the position (any type, so an upper bound), capped at the lag limit. */
  lagEvents?: number;
  /** Seconds from the oldest event not yet seen to the head of the log (0 when caught up). */
  lagSeconds?: number;
  handled: number;
  parked: number;
  reconnects: number;
  lastError?: { message: string; at: Date };
  stalled: boolean;
}

export interface HostHealth {
  /** Lag alone never makes this false: only a stalled, dead or unowned consumer does. */
  ready: boolean;
  problems: string[];
}
