import type { Binary, Decimal128, Long } from 'bson';
import {
  compareDecimals,
  decimalOfInteger,
  decimalValue,
  exactDecimalOfDouble,
  isExactDouble,
  normalisedDecimalText,
  type DecimalValue,
} from './decimal-arithmetic.js';

/** BSON values as they arrive from `bson.deserialize` with `promoteLongs: false`. */
export type BsonValue = unknown;

const bsonType = (v: unknown): string | undefined =>
  v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;

/** The numeric value of any BSON number (Int32, Long, Double, Decimal128), else undefined. */
export function numericValue(v: BsonValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  switch (bsonType(v)) {
    case 'Long':
      return (v as { toNumber(): number }).toNumber();
    case 'Int32':
    case 'Double':
      return (v as { valueOf(): number }).valueOf();
    case 'Decimal128':
      return Number((v as { toString(): string }).toString());
    default:
      return undefined;
  }
}

export const isNumeric = (v: BsonValue): boolean => numericValue(v) !== undefined;

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  bsonType(v) === undefined &&
  !(v instanceof Date) &&
  !(v instanceof RegExp);

/**
 * What an empty array contributes to an index or a sort key: MongoDB orders it below null and
 * missing, and `{ a: null }` does not match it.
 */
export const EMPTY_ARRAY_KEY: unique symbol = Symbol('empty array');

/** MongoDB's comparison order of BSON types (numbers are one bracket). */
function typeRank(v: BsonValue): number {
  if (v === EMPTY_ARRAY_KEY) return 0.5;
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number' || typeof v === 'bigint') return 2;
  if (typeof v === 'string') return 3;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (Array.isArray(v)) return 5;
  switch (bsonType(v)) {
    case undefined:
      return 4;
    case 'MinKey':
      return 0;
    case 'MaxKey':
      return 12;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 2;
    case 'BSONSymbol':
      return 3;
    case 'Binary':
      return 6;
    case 'ObjectId':
      return 7;
    case 'Timestamp':
      return 10;
    case 'BSONRegExp':
      return 11;
    default:
      return 4;
  }
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Compares two BSON values the way MongoDB orders them in sorts and range queries; with a
 * collator (a collation), strings, also inside documents and arrays, compare by it.
 */
export function compareValues(a: BsonValue, b: BsonValue, collator?: Intl.Collator): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2:
      return compareNumbers(a, b);
    case 3:
      return collator ? collator.compare(String(a), String(b)) : cmp(String(a), String(b));
    case 4:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>, collator);
    case 5:
      return compareArrays(a as unknown[], b as unknown[], collator);
    case 6:
      return compareBinary(a as Binary, b as Binary);
    case 7:
      return cmp(String(a), String(b));
    case 8:
      return cmp(Number(a), Number(b));
    case 9:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 10:
      return (a as { compare(o: unknown): number }).compare(b);
    default:
      return 0;
  }
}

const isLong = (v: unknown): v is Long => bsonType(v) === 'Long';

const isDecimal = (v: unknown): v is Decimal128 => bsonType(v) === 'Decimal128';

/** Any BSON number's exact value as a decimal. */
function exactValue(v: BsonValue): DecimalValue {
  if (isDecimal(v)) return decimalValue(v);
  if (isLong(v)) return decimalOfInteger(v.toBigInt());
  return exactDecimalOfDouble(numericValue(v)!);
}

/**
 * Numbers across types, exactly: a Long as a BigInt even beyond 2^53, a Decimal128 at its full
 * precision (so the double 9.99 is not the decimal 9.99, and 9.99 equals 9.990).
 */
export function compareNumbers(a: BsonValue, b: BsonValue): number {
  if (isDecimal(a) || isDecimal(b)) {
    const x = exactValue(a);
    const y = exactValue(b);
    const nanX = 'special' in x && x.special === 'NaN';
    const nanY = 'special' in y && y.special === 'NaN';
    if (nanX || nanY) return Number(nanY) - Number(nanX);
    return compareDecimals(x, y);
  }
  const la = isLong(a);
  const lb = isLong(b);
  if (la && lb) return a.compare(b);
  if (!la && !lb) {
    const x = numericValue(a)!;
    const y = numericValue(b)!;
    // NaN sorts below every number and equals NaN, as in MongoDB.
    if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(y)) - Number(Number.isNaN(x));
    return cmp(x, y);
  }
  return la
    ? compareBigToNumber(a.toBigInt(), numericValue(b)!)
    : -compareBigToNumber((b as Long).toBigInt(), numericValue(a)!);
}

function compareBigToNumber(big: bigint, n: number): number {
  if (Number.isNaN(n)) return 1; // NaN sorts below every number in MongoDB
  if (!Number.isFinite(n)) return n > 0 ? -1 : 1;
  const floor = BigInt(Math.floor(n));
  if (big !== floor) return big < floor ? -1 : 1;
  return Number.isInteger(n) ? 0 : -1;
}

function compareObjects(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  collator: Intl.Collator | undefined,
): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const byValueType = typeRank(a[ka[i]]) - typeRank(b[kb[i]]);
    if (byValueType !== 0) return byValueType;
    const byKey = cmp(ka[i], kb[i]);
    if (byKey !== 0) return byKey;
    const byValue = compareValues(a[ka[i]], b[kb[i]], collator);
    if (byValue !== 0) return byValue;
  }
  return ka.length - kb.length;
}

function compareArrays(a: unknown[], b: unknown[], collator: Intl.Collator | undefined): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i], collator);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareBinary(a: Binary, b: Binary): number {
  if (a.length() !== b.length()) return a.length() - b.length();
  if (a.sub_type !== b.sub_type) return a.sub_type - b.sub_type;
  return Buffer.compare(a.buffer.subarray(0, a.position), b.buffer.subarray(0, b.position));
}

/** Equality as MongoDB defines it: numbers across types, binaries by subtype and bytes, field order. */
export const valuesEqual = (a: BsonValue, b: BsonValue): boolean =>
  typeRank(a) === typeRank(b) &&
  compareValues(a, b) === 0 &&
  (!Array.isArray(a) || (a as unknown[]).length === (b as unknown[]).length);

/**
 * The `_id` map's key: a string `_id` is its own key (no second string per document); any other
 * `_id` is its `indexKey` behind a NUL, which no other key starts with but a string that does.
 */
export const idKey = (v: BsonValue): string =>
  typeof v === 'string' && v.charCodeAt(0) !== 0 ? v : '\u0000' + indexKey(v);

/**
 * A string that is equal for two values exactly when MongoDB finds them equal; it keys the
 * `_id` map and index maps.
 */
export function indexKey(v: BsonValue): string {
  if (v === EMPTY_ARRAY_KEY) return 'e';
  if (v === undefined || v === null) return 'z';
  if (typeof v === 'string') return 's' + v;
  if (typeof v === 'boolean') return v ? 'b1' : 'b0';
  if (v instanceof Date) return 'd' + v.getTime();
  const n = numericValue(v);
  if (n !== undefined) {
    if (bsonType(v) === 'Long' && !Number.isSafeInteger(n)) return 'n' + String(v);
    // A decimal no double holds exactly must not share a key with the nearest double.
    if (isDecimal(v) && !isExactDouble(v)) return 'nd' + normalisedDecimalText(decimalValue(v));
    return 'n' + n;
  }
  if (Array.isArray(v)) return '[' + v.map(indexKey).join(',') + ']';
  switch (bsonType(v)) {
    case 'ObjectId':
      return 'o' + String(v);
    case 'Binary': {
      const bin = v as Binary;
      return 'x' + bin.sub_type + ':' + Buffer.from(bin.buffer.subarray(0, bin.position)).toString('base64');
    }
    case undefined:
      if (v instanceof RegExp) return 'r' + String(v);
      return (
        '{' +
        Object.entries(v as object)
          .map(([k, x]) => JSON.stringify(k) + ':' + indexKey(x))
          .join(',') +
        '}'
      );
    default:
      return (bsonType(v) ?? '') + ':' + String(v);
  }
}
