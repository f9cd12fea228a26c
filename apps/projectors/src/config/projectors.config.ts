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
import { ProjectorsEnvironment } from './projectors.environment.js';

export type Environment = Record<string, string | undefined>;

/** The validated settings the app is built from; also the DI token to read them. */
export class ProjectorsSettings {
  port: number;
  host: string;
  eventStoreConnectionString: string;
  mongoUri: string;
  mongoDatabase: string;
  instanceId: string;
  batchSize: number;
  leaseTtlMs: number;
  stallAfterMs: number;
  apiKeys: ApiKeyEntry[];
  rateLimits: RateLimits;
  logLevel: LogLevelSetting;
}

export class InvalidConfigurationError extends Error {
  override readonly name = 'InvalidConfigurationError';
}

/** Collects a JSON variable's parse error as one more problem, so every problem is listed at once. */
function parsed<T>(
  parse: () => T,
  fallback: T,
  problems: string[],
  expected: new (...a: never[]) => Error,
): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof expected)) throw error;
    problems.push(error.message);
    return fallback;
  }
}

/** Validates the environment once, listing every problem; empty variables count as unset. */
export function validateProjectorsConfig(env: Environment): ProjectorsSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const vars = plainToInstance(ProjectorsEnvironment, present, { exposeDefaultValues: true });
  const problems = validateSync(vars, { stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  const apiKeys = parsed(() => parseApiKeys(present.API_KEYS), [], problems, InvalidApiKeysError);
  const rateLimits = parsed(
    () => parseRateLimits(present.RATE_LIMITS),
    parseRateLimits(undefined),
    problems,
    InvalidRateLimitsError,
  );
  if (problems.length > 0) {
    throw new InvalidConfigurationError(`Invalid projectors configuration:\n - ${problems.join('\n - ')}`);
  }
  return Object.assign(new ProjectorsSettings(), {
    port: vars.PROJECTORS_PORT,
    host: vars.PROJECTORS_HOST,
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING,
    mongoUri: vars.MONGODB_URI,
    mongoDatabase: vars.MONGODB_DATABASE,
    instanceId: vars.PROJECTORS_INSTANCE_ID,
    batchSize: vars.PROJECTORS_BATCH_SIZE,
    leaseTtlMs: vars.PROJECTORS_LEASE_TTL_MS,
    stallAfterMs: vars.PROJECTORS_STALL_AFTER_MS,
    apiKeys,
    rateLimits,
    logLevel: vars.LOG_LEVEL,
  });
}
