import { Decimal128, Long, type Document } from 'bson';
import { isNumeric, isPlainObject, numericValue } from '../bson/bson-value.js';
import { IntegerOverflowError, arithmetic, numberKind } from '../bson/numeric-arithmetic.js';
import { asDouble } from '../bson/wire-promotion.js';
import type { PipelineRun } from './pipeline-run.js';

/** Operators evaluated here over BSON-typed values; any other expression is left to mingo. */
const OPERATORS = new Set(['$add', '$subtract', '$multiply', '$sum', '$abs', '$toLong']);

const NOT_TYPED = Symbol('not typed');

/** Negates a BSON number keeping its type. */
function negate(v: unknown): unknown {
  switch (numberKind(v)) {
    case 'long':
      return (v as Long).negate();
    case 'decimal':
      return arithmetic('mul', v, Decimal128.fromString('-1'));
    default:
      return arithmetic('mul', v, -1);
  }
}

/** `$add`/`$multiply` as expressions do it: an Int64 overflow becomes a double, not an error. */
function combine(op: 'add' | 'mul', a: unknown, b: unknown): unknown {
  try {
    return arithmetic(op, a, b);
  } catch (e) {
    if (!(e instanceof IntegerOverflowError)) throw e;
    const x = numericValue(a)!;
    const y = numericValue(b)!;
    return asDouble(op === 'add' ? x + y : x * y);
  }
}

function evaluate(run: PipelineRun, doc: unknown, expr: unknown): unknown {
  if (typeof expr === 'string') {
    if (!expr.startsWith('$') || expr.startsWith('$$')) return NOT_TYPED;
    const v = run.valueAt(doc, expr.slice(1));
    return v === undefined || v === null ? null : v;
  }
  if (isNumeric(expr)) return expr;
  if (!isPlainObject(expr)) return NOT_TYPED;
  const keys = Object.keys(expr);
  if (keys.length !== 1 || !OPERATORS.has(keys[0])) return NOT_TYPED;
  const op = keys[0];
  const rawArgs = (expr as Document)[op] as unknown;
  const args = (Array.isArray(rawArgs) ? rawArgs : [rawArgs]).map((a) => evaluate(run, doc, a));
  if (args.includes(NOT_TYPED)) return NOT_TYPED;
  if (op === '$sum') {
    const numbers = args.filter(isNumeric);
    return numbers.reduce((acc, v) => combine('add', acc, v), 0);
  }
  // Null or missing anywhere makes the result null; a non-number is mingo's to report.
  if (args.some((a) => a === null)) return null;
  if (!args.every(isNumeric)) return NOT_TYPED;
  switch (op) {
    case '$add':
      return args.reduce((acc, v) => combine('add', acc, v), 0);
    case '$multiply':
      return args.reduce((acc, v) => combine('mul', acc, v), 1);
    case '$subtract':
      return args.length === 2 ? combine('add', args[0], negate(args[1])) : NOT_TYPED;
    case '$abs':
      return numericValue(args[0])! < 0 ? negate(args[0]) : args[0];
    case '$toLong': {
      const kind = numberKind(args[0]);
      if (kind === 'long') return args[0];
      const n = numericValue(args[0])!;
      return kind === 'int' || Number.isInteger(n) ? Long.fromNumber(n) : NOT_TYPED;
    }
    default:
      return NOT_TYPED;
  }
}

/**
 * The BSON-typed value of an arithmetic expression over field paths and literals (`$add`,
 * `$subtract`, `$multiply`, `$sum`, `$abs`, `$toLong`), as MongoDB types it: Long with Long stays
 * Long, Int32 overflows into Long, any Double makes a Double, any Decimal128 an exact Decimal128.
 * Undefined when the expression has other parts (mingo evaluates those, untyped).
 */
export function typedArithmetic(run: PipelineRun, doc: unknown, expr: unknown): unknown {
  if (!isPlainObject(expr)) return undefined;
  const v = evaluate(run, doc, expr);
  return v === NOT_TYPED ? undefined : v;
}
