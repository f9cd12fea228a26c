import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { type ApiKeyEntry, InvalidApiKeysError, parseApiKeys } from '../auth/api-keys.js';
import type { LogLevelSetting } from '../observability/app-logger.js';
import { InvalidRateLimitsError, parseRateLimits, type RateLimits } from '../rate-limit/rate-limits.js';
import type { ObservabilityEnvironment } from './observability.environment.js';

export type Environment = Record<string, string | undefined>;

export class InvalidConfigurationError extends Error {
  override readonly name = 'InvalidConfigurationError';
}

/**
 * The settings every HTTP app has, whatever else it reads: its keys, rate limits, logs and traces.
 * Each app's settings class extends it.
 */
export class HttpAppSettings {
  apiKeys: ApiKeyEntry[];
  rateLimits: RateLimits;
  logLevel: LogLevelSetting;
  /** OTEL_EXPORTER_OTLP_ENDPOINT; undefined: no tracing SDK. */
  otlpEndpoint?: string;
}

/** An app's variables, validated, and the settings every HTTP app has, read from them. */
export type AppEnvironment<V> = { vars: V; common: HttpAppSettings };

/**
 * Validates an app's environment against its schema class (defaults on the class), once, and
 * lists every problem at once; empty variables count as unset. Messages never repeat a key.
 */
export function readAppEnvironment<V extends ObservabilityEnvironment>(
  schema: new () => V,
  env: Environment,
  app: string,
): AppEnvironment<V> {
  const { vars, present, problems } = validateEnvironment(schema, env);
  const apiKeys = collect(() => parseApiKeys(present.API_KEYS), [], problems, InvalidApiKeysError);
  const rateLimits = collect(
    () => parseRateLimits(present.RATE_LIMITS),
    parseRateLimits(undefined),
    problems,
    InvalidRateLimitsError,
  );
  if (problems.length > 0) {
    throw new InvalidConfigurationError(`Invalid ${app} configuration:\n - ${problems.join('\n - ')}`);
  }
  return {
    vars,
    common: { apiKeys, rateLimits, logLevel: vars.LOG_LEVEL, otlpEndpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT },
  };
}

/**
 * Validates variables against a schema class (defaults on the class) and lists every problem,
 * for programs that are not HTTP apps (the CLI); empty variables count as unset.
 */
export function readEnvironment<V extends object>(schema: new () => V, env: Environment, program: string): V {
  const { vars, problems } = validateEnvironment(schema, env);
  if (problems.length > 0) {
    throw new InvalidConfigurationError(`Invalid ${program} configuration:\n - ${problems.join('\n - ')}`);
  }
  return vars;
}

function validateEnvironment<V extends object>(schema: new () => V, env: Environment) {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const vars = plainToInstance(schema, present, { exposeDefaultValues: true });
  const problems = validateSync(vars, { stopAtFirstError: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );
  return { vars, present, problems };
}

/** A JSON variable's parse error becomes one more problem, so every problem is listed at once. */
function collect<T>(
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
