import { Decimal128, Long } from 'bson';
import { numericValue } from './bson-value.js';
import { asDouble } from './wire-promotion.js';

type Kind = 'int' | 'long' | 'double' | 'decimal';

function kindOf(v: unknown): Kind {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  switch ((v as { _bsontype?: string })._bsontype) {
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Int32':
      return 'int';
    default:
      return 'double';
  }
}

const RANK: Record<Kind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

/**
 * Adds or multiplies two BSON numbers keeping MongoDB's result type: the wider of the two,
 * int32 overflowing into int64 (mingo's `$inc` leaves a Long unchanged).
 */
export function arithmetic(op: 'add' | 'mul', a: unknown, b: unknown): unknown {
  const ka = kindOf(a);
  const kb = kindOf(b);
  const kind = RANK[ka] >= RANK[kb] ? ka : kb;
  if (kind === 'decimal') {
    const x = numericValue(a)!;
    const y = numericValue(b)!;
    return Decimal128.fromString(String(op === 'add' ? x + y : x * y));
  }
  if (kind === 'double') {
    const x = numericValue(a)!;
    const y = numericValue(b)!;
    return asDouble(op === 'add' ? x + y : x * y);
  }
  const x = typeof a === 'number' ? BigInt(a) : (a as Long).toBigInt();
  const y = typeof b === 'number' ? BigInt(b) : (b as Long).toBigInt();
  const r = op === 'add' ? x + y : x * y;
  if (kind === 'int' && r >= -(2n ** 31n) && r < 2n ** 31n) return Number(r);
  return Long.fromBigInt(BigInt.asIntN(64, r));
}
