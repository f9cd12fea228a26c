import type { Document } from 'bson';
import { evalExpr } from 'mingo/core';
import * as expression from 'mingo/operators/expression';
import { compareValues, numericValue } from '../bson/bson-value.js';
import { BinaryView } from '../bson/query-view.normaliser.js';
import { collatorFor } from './collation.js';

type ExpressionOperator = (obj: Document, expr: unknown, options: never) => unknown;

const NUMBER_OBJECTS = new Set(['Long', 'Decimal128', 'Int32', 'Double']);

/** A Long past 2^53 or a decimal no double holds stays an object in query views; mingo's math wants numbers. */
function asNumber(v: unknown): unknown {
  const t = v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
  return t !== undefined && NUMBER_OBJECTS.has(t) ? numericValue(v) : v;
}

/**
 * mingo's arithmetic operator, given its arguments as numbers: the nearest double of a Long or
 * Decimal128, as before exact values were kept in views. The exact, typed result of the common
 * operators comes from typed-arithmetic, which the pipeline prefers when it has it.
 */
function numeric(name: keyof typeof expression): ExpressionOperator {
  const stock = expression[name] as unknown as ExpressionOperator;
  return (obj, expr, options) => {
    const args = evalExpr(obj, expr as never, options) as unknown;
    const literal = Array.isArray(args)
      ? args.map((a) => ({ $literal: asNumber(a) }))
      : { $literal: asNumber(args) };
    return stock(obj, literal, options);
  };
}

/**
 * An expression comparison in MongoDB's order of BSON values: Longs and decimals exactly, types
 * bracketed (a string is above any number), strings by the command's collation.
 */
function comparison(test: (c: number) => boolean | number): ExpressionOperator {
  return (obj, expr, options) => {
    const args = evalExpr(obj, expr as never, options) as unknown[];
    if (!Array.isArray(args) || args.length !== 2)
      throw new Error('comparison expressions take exactly 2 arguments');
    const [a, b] = args.map((v) => (v instanceof BinaryView ? v.binary : v));
    // In expressions a missing value sorts below null (`{ $eq: ['$missing', null] }` is false).
    if (a === undefined || b === undefined) return test(a === b ? 0 : a === undefined ? -1 : 1);
    const collator = collatorFor((options as { collation?: Document }).collation);
    return test(Math.sign(compareValues(a, b, collator)));
  };
}

export const BSON_EXPRESSION_OPERATORS: Record<string, ExpressionOperator> = {
  $add: numeric('$add'),
  $subtract: numeric('$subtract'),
  $multiply: numeric('$multiply'),
  $divide: numeric('$divide'),
  $mod: numeric('$mod'),
  $abs: numeric('$abs'),
  $ceil: numeric('$ceil'),
  $floor: numeric('$floor'),
  $round: numeric('$round'),
  $trunc: numeric('$trunc'),
  $sqrt: numeric('$sqrt'),
  $pow: numeric('$pow'),
  $eq: comparison((c) => c === 0),
  $ne: comparison((c) => c !== 0),
  $gt: comparison((c) => c > 0),
  $gte: comparison((c) => c >= 0),
  $lt: comparison((c) => c < 0),
  $lte: comparison((c) => c <= 0),
  $cmp: comparison((c) => c),
};
