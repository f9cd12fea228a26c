/**
 * What the projectors' operator endpoints answer (`/status`, `/parked`, `/rebuilds`): positions
 * and revisions as decimal strings, times as ISO 8601. The projectors' DTO classes implement
 * these; the CLI and the console's page read them.
 */

export type ConsumerState = 'running' | 'stalled' | 'elsewhere' | 'unowned';

export interface ConsumerStatusView {
  consumer: string;
  state: ConsumerState;
  /** The instance holding the lease. */
  owner?: string;
  /** This instance runs it. */
  ownedHere: boolean;
  /** The commit position it has got past. */
  position?: string;
  /** The commit position of the last event in `$all`. */
  headPosition?: string;
  /** Events of `$all` after its position (an upper bound, capped). */
  lagEvents: number;
  /** Seconds from the oldest event not seen to the head. */
  lagSeconds?: number;
  /** Events handled since this instance took it. */
  handled: number;
  parked: number;
  reconnects: number;
  lastError?: { message: string; at: string };
  stalled: boolean;
}

export interface ProjectorsStatusView {
  instanceId: string;
  consumers: ConsumerStatusView[];
}

export type ParkedReason = 'handler-failed' | 'unknown-event-type' | 'undecodable' | 'behind-parked';

/** One parked event, with the error that parked it and the event itself. */
export interface ParkedEventView {
  consumer: string;
  stream: string;
  eventId: string;
  /** Commit position. */
  position: string;
  /** Revision in its stream. */
  revision: string;
  type: string;
  reason: ParkedReason;
  error?: string;
  attempts: number;
  parkedAt: string;
  recordedAt: string;
  /** A request not yet carried out. */
  requested?: 'retry' | 'skip';
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface ParkedEventsPageView {
  items: ParkedEventView[];
  nextCursor: string | null;
}

export type RebuildState = 'running' | 'switching' | 'done' | 'cancelled' | 'failed';

/** The states a rebuild ends in. */
export const FINISHED_REBUILD_STATES: ReadonlySet<RebuildState> = new Set(['done', 'cancelled', 'failed']);

/** A rebuild's progress. */
export interface RebuildView {
  id: string;
  readModel: string;
  state: RebuildState;
  /** The collection being built. */
  collection: string;
  /** The collection serving before (dropped after the grace period). */
  previousCollection: string;
  handled: number;
  eventsPerSecond: number;
  position?: string;
  targetPosition?: string;
  /** 0 to 1. */
  progress: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}
