import {
  type ApiKeyEntry,
  InvalidApiKeysError,
  InvalidRateLimitsError,
  type LogLevelSetting,
  parseApiKeys,
  parseRateLimits,
  type RateLimits,
} from '@ledger/http';
import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { QueryApiEnvironment } from './query-api.environment.js';

export type Environment = Record<string, string | undefined>;

/** The validated settings the app is built from; also the DI token to read them. */
export class QueryApiSettings {
  port: number;
  host: string;
  mongoUri: string;
  mongoDatabase: string;
  minPositionWaitMs: number;
  cursorSecret: string;
  apiKeys: ApiKeyEntry[];
  rateLimits: RateLimits;
  logLevel: LogLevelSetting;
}

export class InvalidConfigurationError extends Error {
  override readonly name = 'InvalidConfigurationError';
}

/** Validates the environment once, listing every problem; empty variables count as unset. */
export function validateQueryApiConfig(env: Environment): QueryApiSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const vars = plainToInstance(QueryApiEnvironment, present, { exposeDefaultValues: true });
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
    throw new InvalidConfigurationError(`Invalid query API configuration:\n - ${problems.join('\n - ')}`);
  }
  return Object.assign(new QueryApiSettings(), {
    port: vars.QUERY_API_PORT,
    host: vars.QUERY_API_HOST,
    mongoUri: vars.MONGODB_URI,
    mongoDatabase: vars.MONGODB_DATABASE,
    minPositionWaitMs: vars.MIN_POSITION_WAIT_MS,
    cursorSecret: vars.QUERY_API_CURSOR_SECRET ?? derivedCursorSecret(apiKeys),
    apiKeys,
    rateLimits,
    logLevel: vars.LOG_LEVEL,
  });
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

/**
 * Without QUERY_API_CURSOR_SECRET, cursors are signed with a digest of the configured keys'
 * digests: every copy sharing API_KEYS accepts the others' cursors, and no client knows it.
 */
function derivedCursorSecret(apiKeys: ApiKeyEntry[]): string {
  const digests = apiKeys.map((entry) => entry.sha256).sort();
  return createHash('sha256')
    .update(`ledger-query-cursors:${digests.join(',')}`)
    .digest('hex');
}
