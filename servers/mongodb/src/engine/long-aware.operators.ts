import type { Document, Long } from 'bson';
import { collatorFor } from './collation.js';
import * as comparison from 'mingo/operators/query/comparison';
import { flatten, resolve } from 'mingo/util';
import { compareNumbers, isNumeric, isPlainObject, numericValue, valuesEqual } from '../bson/bson-value.js';
import { BinaryView } from '../bson/query-view.normaliser.js';
import { getIndexValues } from './document-path.js';

type Predicate = (doc: object) => boolean;
type QueryOperator = (selector: string, value: unknown, options: never) => Predicate;

/** A number a query view keeps as its BSON object (a Long past 2^53, a decimal no double holds). */
const isExactOnly = (v: unknown): v is Long => {
  const t = v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
  return t === 'Long' || t === 'Decimal128';
};

/** The collator of the query's collation, if it has one (mingo hands operators its options). */
const collatorOf = (options: never): Intl.Collator | undefined =>
  collatorFor((options as { collation?: Document } | undefined)?.collation);

/** True when a string the path reaches (array elements too) passes `test`. */
function someString(doc: object, selector: string, test: (v: string) => boolean): boolean {
  const found = resolve(doc as never, selector, { unwrapArray: true }) as unknown;
  for (const v of Array.isArray(found) ? [found, ...found] : [found])
    if (typeof v === 'string' && test(v)) return true;
  return false;
}

/** An embedded document operand: mingo ignores its field order, MongoDB does not. */
const isDocumentOperand = (v: unknown): boolean => isPlainObject(v) && !(v instanceof BinaryView);

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
      if ((isExactOnly(v) || isExactOnly(operand)) && isNumeric(operand) && test(compareNumbers(v, operand)))
        return true;
    }
  }
  return false;
}

/** Equality with an embedded document, field order included: the value itself or an element of it. */
function equalsDocument(doc: object, selector: string, operand: unknown): boolean {
  const found = resolve(doc as never, selector, { unwrapArray: true }) as unknown;
  const candidates = Array.isArray(found) ? [found, ...flatten(found, 1)] : [found];
  return candidates.some((v) => isDocumentOperand(v) && valuesEqual(v, operand));
}

/**
 * `{ 'a.b': null }` also matches when an element of `a` has no `b` (mingo only looks at the
 * elements that have one), as do MongoDB's queries and its multikey indexes.
 */
function missingOnSomePath(doc: object, selector: string): boolean {
  if (!selector.includes('.')) return false;
  const values = getIndexValues(doc, selector);
  return values.length === 0 || values.some((v) => v === undefined || v === null);
}

/**
 * Equality and membership as MongoDB defines them on top of mingo's: a Long beyond 2^53 (kept
 * as a Long in query views) equals the number it holds, embedded documents compare with their
 * field order, and null also matches a path missing inside an array.
 */
function equality(name: '$eq' | '$in', test: (c: number) => boolean): QueryOperator {
  const stock = comparison[name] as unknown as QueryOperator;
  return (selector, value, options) => {
    const operands = name === '$in' && Array.isArray(value) ? (value as unknown[]) : [value];
    const collator = collatorOf(options);
    if (collator && operands.some((o) => typeof o === 'string')) {
      // Strings compare by the collation; the other operands as without one.
      const strings = operands.filter((o): o is string => typeof o === 'string');
      const rest = operands.filter((o) => typeof o !== 'string');
      const others =
        rest.length === 0
          ? () => false
          : equality(name, test)(selector, name === '$in' ? rest : rest[0], options);
      return (doc) =>
        someString(doc, selector, (v) => strings.some((o) => collator.compare(v, o) === 0)) || others(doc);
    }
    const documents = operands.filter(isDocumentOperand);
    const others = documents.length === 0 ? operands : operands.filter((o) => !isDocumentOperand(o));
    const mingo =
      others.length === 0 ? () => false : stock(selector, name === '$in' ? others : others[0], options);
    const nullToo = others.includes(null);
    return (doc) =>
      mingo(doc) ||
      someLongPair(doc, selector, others, test) ||
      documents.some((d) => equalsDocument(doc, selector, d)) ||
      (nullToo && missingOnSomePath(doc, selector));
  };
}

/**
 * A range on a number, compared exactly across Int32, Long (also beyond 2^53, where mingo
 * compares the digits as text), Double and Decimal128. As in MongoDB, NaN matches no range
 * except `$gte`/`$lte` NaN; other operands (strings, dates...) keep mingo's comparison.
 */
function ordering(name: '$gt' | '$gte' | '$lt' | '$lte', test: (c: number) => boolean): QueryOperator {
  const stock = comparison[name] as unknown as QueryOperator;
  const inclusive = name === '$gte' || name === '$lte';
  return (selector, value, options) => {
    const collator = collatorOf(options);
    if (collator && typeof value === 'string')
      return (doc) => someString(doc, selector, (v) => test(collator.compare(v, value)));
    if (!isNumeric(value)) return stock(selector, value, options);
    const operandNaN = Number.isNaN(numericValue(value));
    return (doc) => {
      const found = resolve(doc as never, selector, { unwrapArray: true }) as unknown;
      for (const v of Array.isArray(found) ? found : [found]) {
        if (!isNumeric(v)) continue;
        const nan = Number.isNaN(numericValue(v));
        if (nan || operandNaN) {
          if (nan && operandNaN && inclusive) return true;
        } else if (test(compareNumbers(v, value))) return true;
      }
      return false;
    };
  };
}

const negated =
  (positive: QueryOperator): QueryOperator =>
  (selector, value, options) => {
    const matches = positive(selector, value, options);
    return (doc) => !matches(doc);
  };

const $eq = equality('$eq', (c) => c === 0);
const $in = equality('$in', (c) => c === 0);

export const LONG_AWARE_QUERY_OPERATORS = {
  $eq,
  $ne: negated($eq),
  $in,
  $nin: negated($in),
  $gt: ordering('$gt', (c) => c > 0),
  $gte: ordering('$gte', (c) => c >= 0),
  $lt: ordering('$lt', (c) => c < 0),
  $lte: ordering('$lte', (c) => c <= 0),
};
