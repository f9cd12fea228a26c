import { type BackoffOptions, defaultBackoff } from './backoff.js';

export interface RunnerOptions {
  /** Most events handed to a handler at once (and written in one `bulkWrite`). */
  batchSize: number;
  /** Attempts at one failing event before it is parked. */
  maxAttempts: number;
  /** Between attempts, reconnects and infrastructure retries. */
  backoff: BackoffOptions;
  /** How often an idle consumer looks for operator requests (retry, skip). */
  idlePollMs: number;
  /**
   * Streams with parked events kept in memory. Past it the set stops growing and every batch asks
   * the parked-event store which of its streams are parked: slower, never wrong.
   */
  maxParkedStreams: number;
  /**
   * When idle, a consumer reads up to this many events between its position and the head of the
   * log: if its filter wants none, it moves to the head at once rather than waiting for the
   * server's next filter checkpoint (a reader waiting on a position is not held up). 0: never.
   */
  idleSkipLimit: number;
}

export const defaultRunnerOptions: RunnerOptions = {
  batchSize: 500,
  maxAttempts: 5,
  backoff: defaultBackoff,
  idlePollMs: 500,
  maxParkedStreams: 10_000,
  idleSkipLimit: 256,
};
