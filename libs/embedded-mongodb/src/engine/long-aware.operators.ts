import type { Long } from 'bson';
import * as comparison from 'mingo/operators/query/comparison';
import { resolve } from 'mingo/util';
import { compareNumbers, isNumeric } from '../bson/bson-value.js';

type Predicate = (doc: object) => boolean;
type QueryOperator = (selector: string, value: unknown, options: never) => Predicate;

const isLong = (v: unknown): v is Long =>
  v !== null && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'Long';

/** The field's values (array elements too) paired with the operand, where a Long meets a number. */
function someLongPair(
  doc: object,
  selector: string,
  operands: unknown[],
  test: (c: number) => boolean,
): boolean {
  const found = resolve(doc as never, selector, { unwrapArray: true }) as unknown;
  const values = Array.isArray(found) ? found : [found];
  for (const v of values) {
    if (!isNumeric(v)) continue;
    for (const operand of operands) {
      if ((isLong(v) || isLong(operand)) && isNumeric(operand) && test(compareNumbers(v, operand)))
        return true;
    }
  }
  return false;
}

/**
 * mingo compares numbers as JS numbers and a Long object with nothing. Query views keep a Long
 * beyond 2^53 as a Long (no JS number holds it exactly); these operators add the exact
 * comparison of such a Long with any number to mingo's own.
 */
function withLongs(
  name: keyof typeof comparison,
  test: (c: number) => boolean,
  negate = false,
): QueryOperator {
  const stock = comparison[name] as unknown as QueryOperator;
  const positive =
    name === '$ne'
      ? (comparison.$eq as unknown as QueryOperator)
      : name === '$nin'
        ? (comparison.$in as unknown as QueryOperator)
        : stock;
  return (selector, value, options) => {
    const mingo = positive(selector, value, options);
    const operands = Array.isArray(value) && (name === '$in' || name === '$nin') ? value : [value];
    const matches: Predicate = (doc) => mingo(doc) || someLongPair(doc, selector, operands, test);
    return negate ? (doc) => !matches(doc) : matches;
  };
}

export const LONG_AWARE_QUERY_OPERATORS = {
  $eq: withLongs('$eq', (c) => c === 0),
  $ne: withLongs('$ne', (c) => c === 0, true),
  $in: withLongs('$in', (c) => c === 0),
  $nin: withLongs('$nin', (c) => c === 0, true),
  $gt: withLongs('$gt', (c) => c > 0),
  $gte: withLongs('$gte', (c) => c >= 0),
  $lt: withLongs('$lt', (c) => c < 0),
  $lte: withLongs('$lte', (c) => c <= 0),
};
