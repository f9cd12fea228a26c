export type CommandPipelineOptions = {
  /** Attempts after a conflict when the caller gave no expected revision. */
  maxConflictRetries: number;
  /** Budget of the aggregate cache (streams + remembered keyed commands); 0 disables it. */
  aggregateCacheWeight: number;
};

export const DEFAULT_COMMAND_PIPELINE_OPTIONS: CommandPipelineOptions = {
  maxConflictRetries: 5,
  aggregateCacheWeight: 100_000,
};
