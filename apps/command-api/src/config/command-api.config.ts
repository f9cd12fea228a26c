import { type Environment, HttpAppSettings, readAppEnvironment } from '@ledger/http';
import { CommandApiEnvironment } from './command-api.environment.js';

export { type Environment, InvalidConfigurationError } from '@ledger/http';

/** The validated settings the app is built from; also the DI token to read them. */
export class CommandApiSettings extends HttpAppSettings {
  port: number;
  host: string;
  eventStoreConnectionString: string;
  bodyLimit: number;
  maxAmount: number;
  aggregateCacheBytes: number;
  snapshotThreshold: number;
  idempotencyWindowMs: number;
  maxKeysPerStream: number;
  maxQueuedPerStream: number;
}

/** Validates the environment once, listing every problem; empty variables count as unset. */
export function validateCommandApiConfig(env: Environment): CommandApiSettings {
  const { vars, common } = readAppEnvironment(CommandApiEnvironment, env, 'command-api');
  return Object.assign(new CommandApiSettings(), {
    ...common,
    port: vars.COMMAND_API_PORT,
    host: vars.COMMAND_API_HOST,
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING,
    bodyLimit: vars.BODY_LIMIT,
    maxAmount: vars.MAX_AMOUNT,
    aggregateCacheBytes: vars.AGGREGATE_CACHE_BYTES,
    snapshotThreshold: vars.SNAPSHOT_THRESHOLD,
    idempotencyWindowMs: vars.IDEMPOTENCY_WINDOW_SECONDS * 1000,
    maxKeysPerStream: vars.IDEMPOTENCY_KEYS_PER_STREAM,
    maxQueuedPerStream: vars.MAX_QUEUED_PER_STREAM,
  });
}
