/** A count and a sum of minor units. */
export type Tally = { count: number; sum: number };

/** One currency on one UTC day (`GET /analytics/daily-totals`). */
export type DailyTotalsDocument = {
  /** `<currency>:<YYYY-MM-DD>`. */
  _id: string;
  currency: string;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  deposits: Tally;
  withdrawals: Tally;
  /** Transfers whose money reached the destination (credited) that day. */
  transfers: Tally;
};

export const DAILY_TOTALS = 'daily-totals';
