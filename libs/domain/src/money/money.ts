import { ValidationError } from '../errors/domain.error.js';
import { assertCurrency } from './currency-codes.js';

/** An integer number of minor units (cents) and an ISO 4217 code; never a float. */
export type Money = { amount: number; currency: string };

const invalid = (field: string, message: string): ValidationError =>
  new ValidationError(`${field} ${message}`, [{ field, message }]);

/** A safe, non-negative integer: rejects floats, NaN, ±Infinity, negatives and > MAX_SAFE_INTEGER. */
export function assertMinorUnits(n: unknown, field: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw invalid(field, `must be a whole number of minor units up to ${Number.MAX_SAFE_INTEGER}`);
  }
  if (n < 0) throw invalid(field, 'must not be negative');
}

export function assertPositiveMinorUnits(n: unknown, field: string): asserts n is number {
  assertMinorUnits(n, field);
  if (n === 0) throw invalid(field, 'must be greater than zero');
}

export const money = (amount: number, currency: string): Money => {
  assertMinorUnits(amount, 'amount');
  assertCurrency(currency);
  return { amount, currency };
};

// Balances may be negative (overdraft), so results are checked for safety in both directions.
const checkedSum = (a: Money, b: Money, sign: 1 | -1): Money => {
  if (a.currency !== b.currency) {
    throw invalid('currency', `mismatch: cannot combine ${a.currency} with ${b.currency}`);
  }
  const amount = a.amount + sign * b.amount;
  if (!Number.isSafeInteger(amount)) {
    throw invalid('amount', `result is beyond ±${Number.MAX_SAFE_INTEGER} minor units`);
  }
  return { amount, currency: a.currency };
};

export const addMoney = (a: Money, b: Money): Money => checkedSum(a, b, 1);
export const subtractMoney = (a: Money, b: Money): Money => checkedSum(a, b, -1);
