import { Double } from 'bson';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** True when `bson` would serialise this JS number as an Int32 (a whole value in range, or -0). */
const serialisesAsInt32 = (n: number): boolean => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX;

/**
 * A double result as the server keeps it: a JS number when that serialises back as a double,
 * else a `Double` object (2.0 stays a double, not Int32 2; -0 keeps its sign).
 */
export const asDouble = (n: number): number | Double =>
  serialisesAsInt32(n) || Object.is(n, -0) ? new Double(n) : n;

/**
 * Brings a freshly deserialised value (`promoteValues: false`) to the server's in-memory form,
 * in place: Int32 becomes a JS number, a Double a JS number unless that would come back as an
 * Int32 (then the Double object stays), and Long, Decimal128 and the rest stay as they are.
 * One form for the wire and for recovery, so a value's BSON type survives both.
 */
export function canonicalNumbers<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as unknown;
      if (v !== null && typeof v === 'object') value[i] = canonicalValue(v);
    }
    return value;
  }
  if ((value as { _bsontype?: string })._bsontype !== undefined) return canonicalValue(value) as T;
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (v !== null && typeof v === 'object') obj[k] = canonicalValue(v);
  }
  return value;
}

function canonicalValue(v: object): unknown {
  switch ((v as { _bsontype?: string })._bsontype) {
    case undefined:
      return v instanceof Date || v instanceof RegExp ? v : canonicalNumbers(v);
    case 'Int32':
      return (v as { value: number }).value;
    case 'Double': {
      const n = (v as Double).value;
      return serialisesAsInt32(n) || Object.is(n, -0) ? v : n;
    }
    default:
      return v;
  }
}
