export type CommandPipelineOptions = {
  /** Attempts after a conflict when the caller gave no expected revision. */
  maxConflictRetries: number;
  /** Memory budget of the aggregate cache, in bytes; 0 disables it. */
  aggregateCacheBytes: number;
  /** A stream gets a snapshot once this many events were appended since its last one; 0 never. */
  snapshotThreshold: number;
  /** How long an Idempotency-Key is remembered. */
  idempotencyWindowMs: number;
  /** Keys one stream remembers at most within the window (the oldest go first past it). */
  maxKeysPerStream: number;
  /** Commands waiting on one stream in this process; past it, StreamBusyError (HTTP 503). */
  maxQueuedPerStream: number;
  /** Milliseconds since the epoch: the idempotency window's clock (injected in tests). */
  now: () => number;
  /** Told of every append: how long it took and how it ended (metrics). */
  onAppend: (seconds: number, result: 'ok' | 'conflict' | 'error') => void;
};

export const DEFAULT_COMMAND_PIPELINE_OPTIONS: CommandPipelineOptions = {
  maxConflictRetries: 5,
  aggregateCacheBytes: 64 * 1024 * 1024,
  snapshotThreshold: 500,
  idempotencyWindowMs: 24 * 60 * 60 * 1000,
  maxKeysPerStream: 5_000,
  maxQueuedPerStream: 256,
  now: () => Date.now(),
  onAppend: () => undefined,
};
