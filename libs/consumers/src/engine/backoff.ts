export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 100, maxMs: 30_000 };

/** Exponential, capped: 100, 200, 400, … up to `maxMs`. Deterministic, so tests can count it. */
export const backoffDelay = (attempt: number, options: BackoffOptions): number =>
  Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(attempt, 0), 30));
