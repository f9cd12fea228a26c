import { RequestValidationException } from '@ledger/http';

const DAY_MS = 86_400_000;

/**
 * A `[from, to)` range on a date field, from validated ISO 8601 parameters. Bounded by
 * `maxDays`, so one request never asks MongoDB for years of entries at once.
 */
export function timeRange(
  names: { from: string; to: string },
  from: string | undefined,
  to: string | undefined,
  maxDays: number,
): { $gte?: Date; $lt?: Date } | undefined {
  const start = from === undefined ? undefined : new Date(from);
  const end = to === undefined ? undefined : new Date(to);
  if (start && end && start.getTime() >= end.getTime())
    throw invalid(names.to, `${names.to} must be after ${names.from}`);
  if (start && end && end.getTime() - start.getTime() > maxDays * DAY_MS)
    throw invalid(names.to, `${names.from}..${names.to} may span at most ${maxDays} days`);
  if (!start && !end) return undefined;
  return { ...(start ? { $gte: start } : {}), ...(end ? { $lt: end } : {}) };
}

function invalid(field: string, message: string): RequestValidationException {
  return new RequestValidationException([{ field, message }]);
}
