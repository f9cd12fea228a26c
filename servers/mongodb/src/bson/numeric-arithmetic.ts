import { Long, type Decimal128 } from 'bson';
import {
  addDecimals,
  decimalOfDouble,
  decimalOfInteger,
  decimalValue,
  divideDecimal,
  multiplyDecimals,
  toDecimal128,
  type DecimalValue,
} from './decimal-arithmetic.js';
import { numericValue } from './bson-value.js';
import { asDouble } from './wire-promotion.js';

type Kind = 'int' | 'long' | 'double' | 'decimal';

/** The BSON type of a number in the server's in-memory form (a JS number is Int32 or a double). */
export function numberKind(v: unknown): Kind | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  switch ((v as { _bsontype?: string } | null)?._bsontype) {
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    default:
      return undefined;
  }
}

const RANK: Record<Kind, number> = { int: 0, long: 1, double: 2, decimal: 3 };
const INT32 = 2n ** 31n;
const INT64 = 2n ** 63n;

const integerOf = (v: unknown): bigint =>
  typeof v === 'number' ? BigInt(v) : BigInt((v as { toBigInt?(): bigint }).toBigInt?.() ?? numericValue(v)!);

/** A number as an exact decimal; doubles are rounded to 15 digits first, as MongoDB does. */
function asDecimal(v: unknown): DecimalValue {
  switch (numberKind(v)) {
    case 'decimal':
      return decimalValue(v as Decimal128);
    case 'double':
      return decimalOfDouble(numericValue(v)!);
    default:
      return decimalOfInteger(integerOf(v));
  }
}

/** An integer result: Int32 while an int fits, else Long; past int64 a double (as `$sum` does). */
function integerResult(r: bigint, kind: 'int' | 'long'): unknown {
  if (kind === 'int' && r >= -INT32 && r < INT32) return Number(r);
  if (r >= -INT64 && r < INT64) return Long.fromBigInt(r);
  return asDouble(Number(r));
}

/**
 * Adds or multiplies two BSON numbers keeping MongoDB's result type: the wider of the two,
 * int32 overflowing into int64, decimals exact (mingo's `$inc` leaves a Long unchanged).
 */
export function arithmetic(op: 'add' | 'mul', a: unknown, b: unknown): unknown {
  const ka = numberKind(a) ?? 'double';
  const kb = numberKind(b) ?? 'double';
  const kind = RANK[ka] >= RANK[kb] ? ka : kb;
  if (kind === 'decimal') {
    const x = asDecimal(a);
    const y = asDecimal(b);
    return toDecimal128(op === 'add' ? addDecimals(x, y) : multiplyDecimals(x, y));
  }
  if (kind === 'double') {
    const x = numericValue(a)!;
    const y = numericValue(b)!;
    return asDouble(op === 'add' ? x + y : x * y);
  }
  const x = integerOf(a);
  const y = integerOf(b);
  const r = op === 'add' ? x + y : x * y;
  if (kind === 'int' && r >= -INT32 && r < INT32) return Number(r);
  if (r < -INT64 || r >= INT64) throw new IntegerOverflowError();
  return Long.fromBigInt(r);
}

/** An integer result past the Int64 range: MongoDB refuses it rather than wrap or widen. */
export class IntegerOverflowError extends RangeError {
  constructor() {
    super('integer overflow');
  }
}

/** Running totals kept per kind so integers stay exact and decimals stay decimal. */
class NumericTotal {
  kind: Kind = 'int';
  count = 0;
  private integers = 0n;
  private doubles = 0;
  private decimals: DecimalValue | undefined;

  add(v: unknown): void {
    const kind = numberKind(v);
    if (kind === undefined) return; // $sum and $avg skip strings, null and missing
    this.count++;
    if (RANK[kind] > RANK[this.kind]) this.kind = kind;
    if (kind === 'decimal') {
      this.decimals = this.decimals ? addDecimals(this.decimals, asDecimal(v)) : asDecimal(v);
    } else if (kind === 'double') this.doubles += numericValue(v)!;
    else this.integers += integerOf(v);
  }

  /** The total as an exact decimal (when a decimal took part). */
  decimal(): DecimalValue {
    let total = addDecimals(this.decimals ?? decimalOfInteger(0n), decimalOfInteger(this.integers));
    if (this.doubles !== 0) total = addDecimals(total, decimalOfDouble(this.doubles));
    return total;
  }

  double(): number {
    return Number(this.integers) + this.doubles;
  }

  sum(): unknown {
    if (this.kind === 'decimal') return toDecimal128(this.decimal());
    if (this.kind === 'double') return asDouble(this.double());
    return integerResult(this.integers, this.kind);
  }
}

/**
 * `$sum` as MongoDB computes it: int + int stays an int, overflowing into a long; a long makes
 * a long (past int64, a double); any double makes a double; any decimal a decimal. Values that
 * are not numbers are skipped, and no numbers at all sum to int 0.
 */
export function sumNumbers(values: Iterable<unknown>): unknown {
  const total = new NumericTotal();
  for (const v of values) total.add(v);
  return total.sum();
}

/** `$avg`: a double, or a decimal when a decimal took part; null when there is no number. */
export function averageNumbers(values: Iterable<unknown>): unknown {
  const total = new NumericTotal();
  for (const v of values) total.add(v);
  if (total.count === 0) return null;
  if (total.kind === 'decimal') return toDecimal128(divideDecimal(total.decimal(), total.count));
  return asDouble(total.double() / total.count);
}
