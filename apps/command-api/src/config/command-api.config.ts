import {
  type ApiKeyEntry,
  InvalidApiKeysError,
  InvalidRateLimitsError,
  type LogLevelSetting,
  parseApiKeys,
  parseRateLimits,
  type RateLimits,
} from '@ledger/http';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CommandApiEnvironment } from './command-api.environment.js';

export type Environment = Record<string, string | undefined>;

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
  rateLimits: RateLimits;
}

export class InvalidConfigurationError extends Error {
  override readonly name = 'InvalidConfigurationError';
}

/** Validates the environment once, listing every problem; empty variables count as unset. */
export function validateCommandApiConfig(env: Environment): CommandApiSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = plainToInstance(CommandApiEnvironment, present, { exposeDefaultValues: true });
  const problems = validateSync(parsed, { stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  let apiKeys: ApiKeyEntry[] = [];
  try {
    apiKeys = parseApiKeys(present.API_KEYS);
  } catch (error) {
    if (!(error instanceof InvalidApiKeysError)) throw error;
    problems.push(error.message);
  }
  let rateLimits = parseRateLimits(undefined);
  try {
    rateLimits = parseRateLimits(present.RATE_LIMITS);
  } catch (error) {
    if (!(error instanceof InvalidRateLimitsError)) throw error;
    problems.push(error.message);
  }
  if (problems.length > 0) {
    throw new InvalidConfigurationError(`Invalid command-api configuration:\n - ${problems.join('\n - ')}`);
  }
  return Object.assign(new CommandApiSettings(), {
    port: parsed.COMMAND_API_PORT,
    host: parsed.COMMAND_API_HOST,
    eventStoreConnectionString: parsed.EVENTSTORE_CONNECTION_STRING,
    apiKeys,
    bodyLimit: parsed.BODY_LIMIT,
    maxAmount: parsed.MAX_AMOUNT,
    aggregateCacheBytes: parsed.AGGREGATE_CACHE_BYTES,
    snapshotThreshold: parsed.SNAPSHOT_THRESHOLD,
    idempotencyWindowMs: parsed.IDEMPOTENCY_WINDOW_SECONDS * 1000,
    maxKeysPerStream: parsed.IDEMPOTENCY_KEYS_PER_STREAM,
    maxQueuedPerStream: parsed.MAX_QUEUED_PER_STREAM,
    logLevel: parsed.LOG_LEVEL,
    rateLimits,
  });
}
