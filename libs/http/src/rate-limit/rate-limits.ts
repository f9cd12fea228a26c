import { ROLES, type Role } from '../auth/api-keys.js';

/** Requests without a valid key share one budget per client address. */
export const UNAUTHENTICATED = 'unauthenticated';

/** Requests per second per principal, by role, and per address without a valid key; 0 = unlimited. */
export type RateLimits = Record<Role | typeof UNAUTHENTICATED, number>;

/** High enough for one principal to drive a benchmark or a load test from one key. */
export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = {
  client: 20_000,
  analyst: 20_000,
  operator: 1_000,
  unauthenticated: 100,
};

export class InvalidRateLimitsError extends Error {
  override readonly name = 'InvalidRateLimitsError';
}

const NAMES: readonly string[] = [...ROLES, UNAUTHENTICATED];

/**
 * Parses `RATE_LIMITS`: a JSON object of whole numbers, role (or "unauthenticated") → requests
 * per second, e.g. `{"client":500,"operator":0}`. Names left out keep their defaults.
 */
export function parseRateLimits(json: string | undefined): RateLimits {
  if (json === undefined || json.trim() === '') return { ...DEFAULT_RATE_LIMITS };
  const expected = `a JSON object such as {"client":20000,"analyst":20000,"operator":1000,"unauthenticated":100}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new InvalidRateLimitsError(`RATE_LIMITS is not valid JSON; expected ${expected}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRateLimitsError(`RATE_LIMITS must be ${expected}`);
  }
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS };
  for (const [name, value] of Object.entries(parsed)) {
    if (!NAMES.includes(name)) {
      throw new InvalidRateLimitsError(
        `RATE_LIMITS has an unknown name "${name}"; names are ${NAMES.join(', ')}`,
      );
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new InvalidRateLimitsError(
        `RATE_LIMITS.${name} must be a whole number of requests per second (0 = unlimited)`,
      );
    }
    limits[name as keyof RateLimits] = value;
  }
  return limits;
}

/** A principal's limit: its most generous role's (a key may carry several roles). */
export function limitForRoles(roles: ReadonlySet<Role>, limits: RateLimits): number {
  const perRole = [...roles].map((role) => limits[role]);
  if (perRole.length === 0) return limits.unauthenticated;
  return perRole.includes(0) ? 0 : Math.max(...perRole);
}
