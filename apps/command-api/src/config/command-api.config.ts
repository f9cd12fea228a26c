import {
  type ApiKeyEntry,
  type Environment,
  type LogLevelSetting,
  type RateLimits,
  readAppEnvironment,
} from '@ledger/http';
import { CommandApiEnvironment } from './command-api.environment.js';

export { type Environment, InvalidConfigurationError } from '@ledger/http';

/** The validated settings the app is built from; also the DI token to read them. */
export class CommandApiSettings {
  port: number;
  host: string;
  eventStoreConnectionString: string;
  apiKeys: ApiKeyEntry[];
  bodyLimit: number;
  maxAmount: number;
  aggregateCacheBytes: number;
  snapshotThreshold: number;
  idempotencyWindowMs: number;
  maxKeysPerStream: number;
  maxQueuedPerStream: number;
  logLevel: LogLevelSetting;
  /** OTEL_EXPORTER_OTLP_ENDPOINT; undefined: no tracing SDK. */
  otlpEndpoint?: string;
  rateLimits: RateLimits;
}

/** Validates the environment once, listing every problem; empty variables count as unset. */
export function validateCommandApiConfig(env: Environment): CommandApiSettings {
  const { vars, apiKeys, rateLimits } = readAppEnvironment(CommandApiEnvironment, env, 'command-api');
  return Object.assign(new CommandApiSettings(), {
    port: vars.COMMAND_API_PORT,
    host: vars.COMMAND_API_HOST,
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING,
    apiKeys,
    bodyLimit: vars.BODY_LIMIT,
    maxAmount: vars.MAX_AMOUNT,
    aggregateCacheBytes: vars.AGGREGATE_CACHE_BYTES,
    snapshotThreshold: vars.SNAPSHOT_THRESHOLD,
    idempotencyWindowMs: vars.IDEMPOTENCY_WINDOW_SECONDS * 1000,
    maxKeysPerStream: vars.IDEMPOTENCY_KEYS_PER_STREAM,
    maxQueuedPerStream: vars.MAX_QUEUED_PER_STREAM,
    logLevel: vars.LOG_LEVEL,
    otlpEndpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT,
    rateLimits,
  });
}
